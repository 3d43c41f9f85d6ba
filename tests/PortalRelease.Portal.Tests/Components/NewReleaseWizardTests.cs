using Bunit;
using Microsoft.AspNetCore.Components;
using PortalRelease.Portal.Components.Pages;
using PortalRelease.Portal.Dashboards;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Gates;
using PortalRelease.Portal.Releases;

namespace PortalRelease.Portal.Tests.PortalComponents;

public sealed class NewReleaseWizardTests : PortalPageContext
{
    private async Task<IRenderedComponent<NewReleaseWizard>> OpenWizardAsync(string template = "web-canary")
    {
        await AddSandboxTargetsAsync();
        await SaveSampleTemplateAsync("web-canary");
        await SaveSampleTemplateAsync("quick-canary");
        Get<NavigationManager>().NavigateTo($"/releases/new?template={template}");
        var wizard = Context.Render<NewReleaseWizard>();
        wizard.WaitForAssertion(() => wizard.Find("[data-testid=param-version]"), Wait);
        return wizard;
    }

    [Fact]
    public async Task Render_TemplateWithParameters_ShowsOneFieldPerParameterWithDefaults()
    {
        var wizard = await OpenWizardAsync();

        var fields = wizard.FindAll("[data-testid^=param-]").Select(f => f.GetAttribute("data-testid")).ToList();
        Assert.Equal(["param-version", "param-region", "param-bake", "param-maxErrorRate"], fields);
        Assert.Equal("Choice", wizard.Find("[data-testid=param-region]").GetAttribute("data-type"));
        Assert.Equal("eu", wizard.Find("[data-testid=param-region] input").GetAttribute("value"));
        Assert.Equal("5s", wizard.Find("[data-testid=param-bake] input").GetAttribute("value"));
        Assert.Equal("0.05", wizard.Find("[data-testid=param-maxErrorRate] input").GetAttribute("value"));
        Assert.Contains("-bad", wizard.Find("[data-testid=param-version]").TextContent);
        Assert.Contains("e.g. 30s", wizard.Find("[data-testid=param-bake]").TextContent);
    }

    [Fact]
    public async Task Next_BadVersion_ShowsVersionErrorByItsFieldAndCreatesNothing()
    {
        var wizard = await OpenWizardAsync();
        wizard.Find("[data-testid=param-version] input").Input("-not a version!");

        wizard.Find("[data-testid=to-preview]").Click();

        wizard.WaitForAssertion(() => Assert.Contains("is not a version", wizard.Find("[data-testid=param-version]").TextContent), Wait);
        Assert.Empty(wizard.FindAll("[data-testid=plan-view]"));
        Assert.Empty(await Get<ReleaseService>().ListAsync(10));
    }

    [Fact]
    public async Task Next_ValidInput_PreviewsPlanWithRollbackPathAndEstimate()
    {
        var wizard = await OpenWizardAsync();
        wizard.Find("[data-testid=param-version] input").Input("1.4.2");

        wizard.Find("[data-testid=to-preview]").Click();

        wizard.WaitForAssertion(() => Assert.Contains("Set canary weight to 10%", wizard.Find("[data-testid=plan-view]").TextContent), Wait);
        Assert.Contains("roll back to the previous version automatically", wizard.Find("[data-testid=plan-rollback]").TextContent);
        Assert.Contains("about 17s", wizard.Find("[data-testid=plan-estimate]").TextContent);
        Assert.Equal("No gates: nobody has to approve, and no deployment calendar applies to environment production.", wizard.Find("[data-testid=plan-gate-estimate]").TextContent.Trim());
    }

    [Fact]
    public async Task Next_EmptyVersionOutOfRangeNumberAndBadDuration_ShowsEachMessageAndStays()
    {
        var wizard = await OpenWizardAsync();
        wizard.Find("[data-testid=param-maxErrorRate] input").Input("5");
        wizard.Find("[data-testid=param-bake] input").Input("soon");

        wizard.Find("[data-testid=to-preview]").Click();

        wizard.WaitForAssertion(() => Assert.Contains("A version is required", wizard.Find("[data-testid=param-version]").TextContent), Wait);
        Assert.Contains("above the maximum 1", wizard.Find("[data-testid=param-maxErrorRate]").TextContent);
        Assert.Contains("'soon' is not a duration", wizard.Find("[data-testid=param-bake]").TextContent);
        Assert.Empty(wizard.FindAll("[data-testid=plan-view]"));
        Assert.Empty(await Get<ReleaseService>().ListAsync(10));
    }

    [Fact]
    public async Task Start_ValidInput_CreatesReleaseAndNavigatesToItsPage()
    {
        var wizard = await OpenWizardAsync("quick-canary");
        wizard.Find("[data-testid=param-version] input").Input("2.0.0");

        wizard.Find("[data-testid=to-preview]").Click();
        wizard.WaitForAssertion(() => wizard.Find("[data-testid=start-release]"), Wait);
        wizard.Find("[data-testid=start-release]").Click();

        var navigation = Get<NavigationManager>();
        wizard.WaitForAssertion(() => Assert.DoesNotContain("/releases/new", navigation.Uri), Wait);
        var created = Assert.Single(await Get<ReleaseService>().ListAsync(10));
        Assert.Equal("2.0.0", created.Record.Version);
        Assert.EndsWith($"/releases/{created.Record.Id}", navigation.Uri);
    }

    [Fact]
    public async Task Next_QuarantinedVersion_SaysSoByTheVersionBeforeAnyPlan()
    {
        var wizard = await OpenWizardAsync("quick-canary");
        await Get<QuarantineService>().QuarantineAsync("quick-canary", "2.0.0", "corrupts carts", TestActor.Of("oncall"));
        wizard.Find("[data-testid=param-version] input").Input("2.0.0");

        wizard.Find("[data-testid=to-preview]").Click();

        wizard.WaitForAssertion(() => Assert.Contains("Version 2.0.0 of service 'quick-canary' is quarantined (by oncall: corrupts carts). Lift the quarantine or release another version.",
            wizard.Find("[data-testid=param-version]").TextContent), Wait);
        Assert.Empty(wizard.FindAll("[data-testid=plan-view]"));
        Assert.Empty(wizard.FindAll("[data-testid=start-release]"));
        Assert.Empty(await Get<ReleaseService>().ListAsync(10));
    }

    [Fact]
    public async Task Render_TemplateCards_LeaveOutTheDemoHistoryTemplateThatCannotRun()
    {
        await SaveSampleTemplateAsync("quick-canary");
        await Get<TemplateRepository>().SaveAsync(DemoHistory.TemplateName, null, DemoHistory.TemplateYaml, DemoHistory.Actor, DateTimeOffset.UtcNow);

        var wizard = Context.Render<NewReleaseWizard>();

        wizard.WaitForAssertion(() => Assert.Equal(["quick-canary"], wizard.FindAll("[data-testid=template-card]").Select(c => c.GetAttribute("data-template"))), Wait);
    }
}
