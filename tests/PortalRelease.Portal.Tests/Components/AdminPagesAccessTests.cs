using Bunit;
using PortalRelease.Portal.Identity;
using TargetsPage = PortalRelease.Portal.Components.Pages.Targets;
using TemplatesPage = PortalRelease.Portal.Components.Pages.Templates;

namespace PortalRelease.Portal.Tests.PortalComponents;

/// <summary>
/// Targets and templates are for admins: everyone else finds their buttons disabled and reads why, in the words
/// <c>TargetService</c> and <c>TemplateService</c> would refuse them with; starting a release from a template is for
/// deployers, in <c>ReleaseService</c>'s words. Everyone views; "root" is admin.
/// </summary>
public sealed class AdminPagesAccessTests() : PortalPageContext(new Dictionary<string, string?>
{
    ["Portal:Engine:AllowIdentityHeader"] = "true",
    ["Portal:Access:DevelopmentEveryoneIsAdmin"] = "false",
    ["Portal:Access:Grants:0:Everyone"] = "true",
    ["Portal:Access:Grants:0:Role"] = "viewer",
    ["Portal:Access:Grants:1:User"] = "root",
    ["Portal:Access:Grants:1:Role"] = "admin",
})
{
    [Fact]
    public async Task TargetsPage_NonAdmin_SeesNewEditDeleteAndTestDisabled_AndWhy()
    {
        await AddSandboxTargetsAsync();
        Assert.True(Get<CurrentActor>().Switch("vic"));

        var page = Context.Render<TargetsPage>();

        page.WaitForAssertion(() => Assert.Contains("vic may not manage targets", page.Find("[data-testid=targets-forbidden]").TextContent), Wait);
        Assert.Contains("admin", page.Find("[data-testid=targets-forbidden]").TextContent);
        Assert.True(page.Find("[data-testid=target-new]").HasAttribute("disabled"));
        foreach (var action in new[] { "target-test", "target-edit", "target-delete" })
        {
            Assert.All(page.FindAll($"[data-testid={action}]"), b => Assert.True(b.HasAttribute("disabled"), $"{action} is enabled for a viewer"));
            Assert.NotEmpty(page.FindAll($"[data-testid={action}]"));
        }
    }

    [Fact]
    public async Task TargetsPage_Admin_SeesTheRowActionsEnabled_AndNoReason()
    {
        await AddSandboxTargetsAsync();
        Assert.True(Get<CurrentActor>().Switch("root"));

        var page = Context.Render<TargetsPage>();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=target-edit]")), Wait);
        Assert.All(page.FindAll("[data-testid=target-edit]"), b => Assert.False(b.HasAttribute("disabled")));
        Assert.Empty(page.FindAll("[data-testid=targets-forbidden]"));
    }

    [Fact]
    public void TemplatesPage_NonAdmin_SeesImportDisabled_AndWhy()
    {
        Assert.True(Get<CurrentActor>().Switch("vic"));

        var page = Context.Render<TemplatesPage>();
        page.WaitForAssertion(() => Assert.Contains("vic may not manage templates", page.Find("[data-testid=import-forbidden]").TextContent), Wait);
        page.Find("textarea[data-testid=import-yaml]").Input("name: x");

        Assert.True(page.Find("[data-testid=import-button]").HasAttribute("disabled"));
    }

    [Fact]
    public void TemplatesPage_Admin_CanImport_AndSeesNoReason()
    {
        Assert.True(Get<CurrentActor>().Switch("root"));

        var page = Context.Render<TemplatesPage>();
        page.WaitForAssertion(() => page.Find("[data-testid=templates-empty]"), Wait);
        page.Find("textarea[data-testid=import-yaml]").Input("name: x");

        Assert.False(page.Find("[data-testid=import-button]").HasAttribute("disabled"));
        Assert.Empty(page.FindAll("[data-testid=import-forbidden]"));
    }

    [Fact]
    public async Task TemplatesPage_Viewer_SeesStartReleaseDisabled_AndWhy()
    {
        await SaveSampleTemplateAsync("quick-canary");
        Assert.True(Get<CurrentActor>().Switch("vic"));

        var page = Context.Render<TemplatesPage>();

        page.WaitForAssertion(() => Assert.Contains("vic may not start or steer releases anywhere", page.Find("[data-testid=start-forbidden]").TextContent), Wait);
        Assert.Contains("deployer", page.Find("[data-testid=start-forbidden]").TextContent);
        var start = Assert.Single(page.FindAll("[data-testid=start-from-template]"));
        Assert.True(start.HasAttribute("disabled"), "Start release is enabled for a viewer");
        Assert.False(start.HasAttribute("href"), "a disabled Start release still links to the wizard");
    }

    [Fact]
    public async Task TemplatesPage_Admin_SeesStartReleaseEnabled_AndNoReason()
    {
        await SaveSampleTemplateAsync("quick-canary");
        Assert.True(Get<CurrentActor>().Switch("root"));

        var page = Context.Render<TemplatesPage>();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=start-from-template]")), Wait);
        Assert.False(page.Find("[data-testid=start-from-template]").HasAttribute("disabled"));
        Assert.Empty(page.FindAll("[data-testid=start-forbidden]"));
    }
}
