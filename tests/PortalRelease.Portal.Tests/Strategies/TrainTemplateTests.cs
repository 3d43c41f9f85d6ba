using System.Text.Json;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Tests.Strategies;

/// <summary>Release trains: components with dependsOn, ordered as their dependency graph, and the graph's errors.</summary>
public sealed class TrainTemplateTests
{
    [Fact]
    public void Components_RunInDependencyOrder_WhateverOrderTheyAreWrittenIn()
    {
        var parsed = new TemplateParser().Parse("""
            name: shop
            components:
              - name: web
                dependsOn: [api]
                stages:
                  - name: prod
                    targets: [c]
                    strategy: allAtOnce
              - name: api
                dependsOn: [database]
                stages:
                  - name: prod
                    targets: [b]
                    strategy: { blueGreen: { keepPreviousFor: 0s } }
              - name: database
                stages:
                  - name: prod
                    targets: [a]
                    strategy: allAtOnce
            """);
        Assert.Empty(parsed.Errors);

        var plan = new TemplateCompiler().Compile(parsed.Template!, new Dictionary<string, JsonElement>()).Plan!;

        Assert.Equal(["database / prod", "api / prod", "web / prod"], plan.Stages.Select(s => s.DisplayName()));
        Assert.Equal([[], ["database"], ["api"]], plan.Stages.Select(s => s.DependsOn));
    }

    [Fact]
    public void Errors_UnknownDependency_Cycle_StagesBesideComponents()
    {
        var unknown = new TemplateParser().Parse("""
            name: shop
            components:
              - name: api
                dependsOn: [db]
                stages:
                  - { name: prod, targets: [a], strategy: allAtOnce }
            """);
        var cycle = new TemplateParser().Parse("""
            name: shop
            components:
              - name: api
                dependsOn: [web]
                stages:
                  - { name: prod, targets: [a], strategy: allAtOnce }
              - name: web
                dependsOn: [api]
                stages:
                  - { name: prod, targets: [b], strategy: allAtOnce }
            """);
        var both = new TemplateParser().Parse("""
            name: shop
            stages:
              - { name: prod, targets: [a], strategy: allAtOnce }
            components:
              - name: api
                stages:
                  - { name: prod, targets: [a], strategy: allAtOnce }
            """);

        Assert.Equal([(4, 17, "components[0].dependsOn[0]", "unknown component 'db'; components: api")], unknown.Errors.Select(e => (e.Line, e.Column, e.Path, e.Message)));
        Assert.Equal([(4, 17, "components[0].dependsOn[0]", "the components depend on each other in a cycle: api → web")], cycle.Errors.Select(e => (e.Line, e.Column, e.Path, e.Message)));
        Assert.Equal([(2, 1, "stages", "a template has 'stages:' or 'components:' (a release train), not both")], both.Errors.Select(e => (e.Line, e.Column, e.Path, e.Message)));
    }
}
