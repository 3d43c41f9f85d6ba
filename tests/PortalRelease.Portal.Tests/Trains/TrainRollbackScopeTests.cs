using PortalRelease.Portal.Templates;
using PortalRelease.Portal.Tests.Templates;

namespace PortalRelease.Portal.Tests.Trains;

/// <summary><c>rollback.scope: component</c> at import, and the parallel train example of docs/templates.md.</summary>
public sealed class TrainRollbackScopeTests
{
    private const string DocsExample = "#### Example: the API and the worker side by side after the migration";

    [Fact]
    public void ComponentScope_IsReadInATrain()
    {
        var parsed = new TemplateParser().Parse("""
            name: shop
            components:
              - name: api
                stages: [{ name: prod, targets: [a], strategy: allAtOnce }]
            rollback:
              scope: component
            """);

        Assert.Empty(parsed.Errors);
        Assert.Equal(RollbackScope.Component, parsed.Template!.Rollback.Scope);
    }

    [Fact]
    public void ComponentScope_WithoutComponents_IsAnErrorAtItsLine()
    {
        var parsed = new TemplateParser().Parse("""
            name: shop
            stages:
              - { name: prod, targets: [a], strategy: allAtOnce }
            rollback:
              scope: component
            """);

        Assert.Null(parsed.Template);
        Assert.Equal(
            [(5, 10, "rollback.scope", "'component' rolls back the failed component of a release train, and this template has no 'components:'; use 'wave' or 'all'")],
            parsed.Errors.Select(e => (e.Line, e.Column, e.Path, e.Message)));
    }

    [Fact]
    public void ParallelComponents_SharingATarget_IsAnErrorAtTheTarget_ButADependantMayReuseIt()
    {
        var parsed = new TemplateParser().Parse("""
            name: shop
            components:
              - name: database
                stages: [{ name: prod, targets: [a], strategy: allAtOnce }]
              - name: api
                dependsOn: [database]
                stages: [{ name: prod, targets: [a, b], strategy: allAtOnce }]
              - name: worker
                dependsOn: [database]
                stages: [{ name: prod, targets: [c, b], strategy: allAtOnce }]
            """);

        Assert.Null(parsed.Template);
        Assert.Equal(
            [(10, 41, "components[2].stages[0].targets", "target 'b' is also deployed by component 'api', which runs at the same time as 'worker' (neither depends on the other); a target runs one version at a time: use different targets or make one component depend on the other")],
            parsed.Errors.Select(e => (e.Line, e.Column, e.Path, e.Message)));
    }

    [Fact]
    public void DocsExample_CompilesToTheDocumentedPlan_WithTheApiAndTheWorkerSideBySide()
    {
        TemplateDocs.AssertCompilesToDocumentedPlan(DocsExample);
        var template = new TemplateParser().Parse(TemplateDocs.Yaml(TemplateDocs.Section(DocsExample))).Template!;
        var plan = new TemplateCompiler().Compile(template, new Dictionary<string, System.Text.Json.JsonElement>()).Plan!;

        Assert.Equal(RollbackScope.Component, plan.Rollback.Scope);
        Assert.Equal(["database", "api", "worker", "web"], plan.Components());
        Assert.Equal(["worker"], plan.RunsAlongside("api"));
        Assert.Equal(["api", "web"], plan.RunsAlongside("worker"));
        Assert.Equal(["api", "worker", "web"], plan.DependantsOf("database"));
    }
}
