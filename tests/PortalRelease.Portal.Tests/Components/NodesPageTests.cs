using Bunit;
using PortalRelease.Portal.Cluster;
using PortalRelease.Portal.Components.Pages;

namespace PortalRelease.Portal.Tests.PortalComponents;

/// <summary>The Nodes page over the real services and a real SQLite file: one node, which says how to get more.</summary>
public sealed class NodesPageTests : PortalPageContext
{
    [Fact]
    public void Render_OnSqlite_ShowsThisNodeAloneAliveAndPointsToTheClusterDocs()
    {
        var page = Context.Render<Nodes>();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=nodes-table]")), Wait);
        Assert.Contains("docs/deploy.md", page.Find("[data-testid=nodes-single]").TextContent, StringComparison.Ordinal);
        var node = Assert.Single(page.FindAll("[data-node]"));
        Assert.Equal(Get<NodeIdentity>().Id, node.GetAttribute("data-node"));
        Assert.Contains("this node", node.TextContent, StringComparison.Ordinal);
        Assert.Equal("Alive", page.Find("[data-state]").GetAttribute("data-state"));
        Assert.NotNull(page.Find("[data-testid=nodes-no-leases]"));
        Assert.Empty(page.FindAll("[data-testid=nodes-plugin-mismatch]"));
    }
}
