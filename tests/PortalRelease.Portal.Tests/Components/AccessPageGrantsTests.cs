using Bunit;
using PortalRelease.Portal.Components.Pages;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Identity;

namespace PortalRelease.Portal.Tests.PortalComponents;

/// <summary>The Access page's grant form for an admin: what it grants is stored and listed; a refused grant says why under the form.</summary>
public sealed class AccessPageGrantsTests() : PortalPageContext(new Dictionary<string, string?>
{
    ["Portal:Engine:AllowIdentityHeader"] = "true",
    ["Portal:Access:DevelopmentEveryoneIsAdmin"] = "false",
    ["Portal:Access:Grants:0:User"] = Actor,
    ["Portal:Access:Grants:0:Role"] = "admin",
})
{
    [Fact]
    public async Task AccessPage_AnAdminGrantsAUser_ItIsStoredAndListed()
    {
        var page = RenderAsAdmin();

        page.Find("input[data-testid=grant-subject]").Input("pete");
        page.Find("input[data-testid=grant-services]").Input("payments-*");
        page.Find("[data-testid=grant-add]").Click();

        page.WaitForAssertion(() => Assert.Contains(page.FindAll("[data-testid=grant-row]"), r => r.TextContent.Contains("pete", StringComparison.Ordinal)), Wait);
        var stored = Assert.Single(await Get<AccessGrantRepository>().ListAsync());
        Assert.Equal(("pete", "viewer"), (stored.Subject, stored.Role));
        Assert.Empty(page.FindAll("[data-testid=grant-error]"));
    }

    [Fact]
    public async Task AccessPage_TheSameGrantTwice_SaysSoUnderTheForm_AndStoresOne()
    {
        var page = RenderAsAdmin();
        page.Find("input[data-testid=grant-subject]").Input("pete");
        page.Find("[data-testid=grant-add]").Click();
        page.WaitForAssertion(() => Assert.Contains(page.FindAll("[data-testid=grant-row]"), r => r.TextContent.Contains("pete", StringComparison.Ordinal)), Wait);

        page.Find("input[data-testid=grant-subject]").Input("pete");
        page.Find("[data-testid=grant-add]").Click();

        page.WaitForAssertion(() => Assert.Contains("The same grant exists already", page.Find("[data-testid=grant-error]").TextContent), Wait);
        Assert.Single(await Get<AccessGrantRepository>().ListAsync());
    }

    private IRenderedComponent<Access> RenderAsAdmin()
    {
        Assert.True(Get<CurrentActor>().Switch(Actor));
        var page = Context.Render<Access>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=grant-add]")), Wait);
        return page;
    }
}
