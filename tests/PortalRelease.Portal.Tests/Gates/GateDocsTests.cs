using PortalRelease.Portal.Templates;
using PortalRelease.Portal.Tests.Templates;

namespace PortalRelease.Portal.Tests.Gates;

/// <summary>The gate examples in docs/templates.md must stay valid templates that compile to the plans the page shows.</summary>
public sealed class GateDocsTests
{
    [Theory]
    [InlineData("#### Example: two release managers before production")]
    [InlineData("#### Example: a stage in the production calendar")]
    [InlineData("#### Example: the service a quarantine names")]
    public void Example_ParsesAndCompilesToTheDocumentedPlan(string heading) => TemplateDocs.AssertCompilesToDocumentedPlan(heading);

    [Fact]
    public void ApprovalExample_GatesProductionAndNamesTheService()
    {
        var section = TemplateDocs.Section("#### Example: two release managers before production");
        var template = new TemplateParser().Parse(TemplateDocs.Yaml(section)).Template!;

        Assert.Equal("checkout", template.Service);
        Assert.Equal("release-managers", template.Stages[1].Approval!.Role);
        Assert.Null(template.Stages[0].Approval);
    }
}
