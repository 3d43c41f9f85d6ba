using Bunit;
using PortalRelease.Portal.Cluster;
using PortalRelease.Portal.Components.Layout;
using PortalRelease.Portal.Components.Pages;
using PortalRelease.Portal.Identity;

namespace PortalRelease.Portal.Tests.PortalComponents;

/// <summary>
/// The Nodes page shows host names and process ids: operators and admins (an unscoped grant with the Operate
/// permission) see it; everyone else reads why not, in the words the API refuses with, and finds no link to it.
/// </summary>
public sealed class NodesPageAccessTests() : PortalPageContext(new Dictionary<string, string?>
{
    ["Portal:Engine:AllowIdentityHeader"] = "true",
    ["Portal:Access:DevelopmentEveryoneIsAdmin"] = "false",
    ["Portal:Access:Grants:0:Everyone"] = "true",
    ["Portal:Access:Grants:0:Role"] = "viewer",
    ["Portal:Access:Grants:1:User"] = "root",
    ["Portal:Access:Grants:1:Role"] = "admin",
    ["Portal:Access:Grants:2:User"] = "olga",
    ["Portal:Access:Grants:2:Role"] = "operator",
})
{
    [Fact]
    public void NodesPage_Viewer_SeesWhyNotAndNoNode()
    {
        Assert.True(Get<CurrentActor>().Switch("vic"));

        var page = Context.Render<Nodes>();

        page.WaitForAssertion(() => Assert.Contains("vic may not", page.Find("[data-testid=nodes-forbidden]").TextContent, StringComparison.Ordinal), Wait);
        Assert.Contains("operator", page.Find("[data-testid=nodes-forbidden]").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("[data-node]"));
        Assert.DoesNotContain(Get<NodeIdentity>().Id, page.Markup, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("root")]
    [InlineData("olga")]
    public void NodesPage_AdminOrOperator_SeesThisNode(string user)
    {
        Assert.True(Get<CurrentActor>().Switch(user));

        var page = Context.Render<Nodes>();

        page.WaitForAssertion(() => Assert.Equal(Get<NodeIdentity>().Id, page.Find("[data-node]").GetAttribute("data-node")), Wait);
        Assert.Empty(page.FindAll("[data-testid=nodes-forbidden]"));
    }

    [Fact]
    public void NavMenu_Viewer_HasNoNodesLink_UntilAnAdminSignsIn()
    {
        Assert.True(Get<CurrentActor>().Switch("vic"));

        var menu = Context.Render<NavMenu>();

        menu.WaitForAssertion(() => Assert.NotEmpty(menu.FindAll("a[href='/audit']")), Wait);
        Assert.Empty(menu.FindAll("a[href='/nodes']"));

        Assert.True(Get<CurrentActor>().Switch("root"));
        menu.WaitForAssertion(() => Assert.Single(menu.FindAll("a[href='/nodes']")), Wait);
    }
}
