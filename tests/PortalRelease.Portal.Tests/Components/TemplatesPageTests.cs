using Bunit;
using TemplatesPage = PortalRelease.Portal.Components.Pages.Templates;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Tests.PortalComponents;

public sealed class TemplatesPageTests : PortalPageContext
{
    private const string BrokenYaml = """
        name: broken
        stages:
          - name: prod
            targets: [nowhere]
            steps:
              - setWeight: 150
              - pause: { duration: "soon" }
        """;

    [Fact]
    public async Task Import_BadYaml_ShowsEveryErrorWithLineAndColumnAndSavesNothing()
    {
        var page = Context.Render<TemplatesPage>();
        page.WaitForAssertion(() => page.Find("[data-testid=templates-empty]"), Wait);

        page.Find("textarea[data-testid=import-yaml]").Input(BrokenYaml);
        page.Find("[data-testid=import-button]").Click();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=import-error]")), Wait);
        var errors = page.FindAll("[data-testid=import-error]").Select(e => e.TextContent.Trim()).ToList();
        var expected = Get<TemplateParser>().Parse(BrokenYaml, _ => false).Errors;
        Assert.True(expected.Count >= 2, "the fixture YAML should have several errors");
        Assert.Equal(expected.Count, errors.Count);
        Assert.All(errors, e => Assert.Matches(@"^line \d+, column \d+ — ", e));
        Assert.Contains(errors, e => e.StartsWith("line 6, column ", StringComparison.Ordinal) && e.Contains("150"));
        Assert.Contains("Nothing was saved", page.Find("[data-testid=import-errors]").TextContent);
        Assert.Empty(await Get<TemplateRepository>().ListLatestAsync());
    }

    [Fact]
    public async Task Import_ValidYaml_SavesAndRefreshesList()
    {
        await Get<TargetRepository>().AddAsync(new TargetRecord("sandbox-eu", "sandbox", "{}", DateTimeOffset.UtcNow));
        var page = Context.Render<TemplatesPage>();
        page.WaitForAssertion(() => page.Find("[data-testid=templates-empty]"), Wait);

        page.Find("textarea[data-testid=import-yaml]").Input(TemplateSamples.Find("quick-canary")!.Yaml);
        page.Find("[data-testid=import-button]").Click();

        page.WaitForAssertion(() => Assert.Equal("quick-canary", page.Find("[data-testid=template]").GetAttribute("data-template")), Wait);
        Assert.Empty(page.FindAll("[data-testid=import-error]"));
        Assert.Equal("/releases/new?template=quick-canary", page.Find("[data-testid=start-from-template]").GetAttribute("href"));
        Assert.Single(await Get<TemplateRepository>().ListLatestAsync());
    }
}
