using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PortalRelease.Portal.Cluster;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Plugins;
using PortalRelease.Portal.Tests.Api;
using PortalRelease.Portal.Tests.Data;

namespace PortalRelease.Portal.Tests.Cluster;

/// <summary>
/// <c>GET /api/cluster/nodes</c> (what the Nodes panel shows): every node of a cluster on PostgreSQL with its heartbeat,
/// the releases it drives and how its plugins differ; a single SQLite portal says it is one node.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class NodesPanelTests(PostgresServer server)
{
    [Fact]
    public async Task Nodes_TwoPortalsOnOneDatabase_EachListsBothAliveAndWhoDrivesWhat()
    {
        var database = await server.CreateDatabaseAsync();
        var settings = Settings(database);
        await using var a = new TestPortal(settings);
        await using var b = new TestPortal(settings);
        var release = await a.Client.CreateReleaseAsync("quick-canary", "1.0.0");

        // Both have beaten and one of them holds the new release's lease.
        using var seen = await Poll.UntilAsync(
            async () =>
            {
                var document = JsonDocument.Parse(await b.Http.GetStringAsync("/api/cluster/nodes"));
                var root = document.RootElement;
                var alive = root.GetProperty("nodes").EnumerateArray().Count(n => n.GetProperty("state").GetString() == "Alive");
                var leased = root.GetProperty("leases").EnumerateArray().Any(l => l.GetProperty("releaseId").GetString() == release && l.GetProperty("nodeId").ValueKind == JsonValueKind.String);
                var elected = root.GetProperty("singletons").EnumerateArray().Count(x => x.GetProperty("nodeId").ValueKind == JsonValueKind.String);
                if (alive == 2 && leased && elected == 4)
                {
                    return document;
                }
                document.Dispose();
                return null;
            },
            "both nodes alive, the release leased and every singleton work elected",
            TimeSpan.FromSeconds(30));

        var snapshot = seen.RootElement;
        Assert.True(snapshot.GetProperty("clustered").GetBoolean());
        var ids = new[] { a.Services.GetRequiredService<NodeIdentity>().Id, b.Services.GetRequiredService<NodeIdentity>().Id };
        var nodes = snapshot.GetProperty("nodes").EnumerateArray().ToList();
        Assert.Equal(ids.Order(), nodes.Select(n => n.GetProperty("nodeId").GetString()!).Order());
        Assert.Equal(ids[1], snapshot.GetProperty("thisNode").GetString());
        Assert.Single(nodes, n => n.GetProperty("isThisNode").GetBoolean());
        // The holder named by the lease is the node that counts it as driven; the same plugins everywhere: no mismatch.
        var lease = snapshot.GetProperty("leases").EnumerateArray().Single(l => l.GetProperty("releaseId").GetString() == release);
        var holder = nodes.Single(n => n.GetProperty("nodeId").GetString() == lease.GetProperty("nodeId").GetString());
        Assert.True(holder.GetProperty("driving").GetInt32() >= 1);
        Assert.True(lease.GetProperty("epoch").GetInt64() >= 1);
        Assert.All(nodes, n => Assert.Empty(n.GetProperty("pluginDifferences").EnumerateArray()));
        // Which node runs each singleton work: one of the two, under a lease that has not run out.
        var singletons = snapshot.GetProperty("singletons").EnumerateArray().ToList();
        Assert.Equal(["audit-anchor", "idempotency-key-sweeper", "notification-dispatcher", "release-facts-projector"], singletons.Select(x => x.GetProperty("name").GetString()!));
        Assert.All(singletons, x =>
        {
            Assert.Contains(x.GetProperty("nodeId").GetString(), ids);
            Assert.True(x.GetProperty("expiresInMs").GetInt64() > 0);
            Assert.True(x.GetProperty("epoch").GetInt64() >= 1);
        });
        await a.Client.WaitForStateAsync(release, "Promoted", TimeSpan.FromSeconds(90));
    }

    [Fact]
    public async Task Nodes_ANodeWithOtherPluginHashes_IsNamedWithEachPluginThatDiffers()
    {
        var database = await server.CreateDatabaseAsync();
        await using var portal = new TestPortal(Settings(database));
        var local = PluginHashes.Of(portal.Services.GetRequiredService<PluginCatalog>().Plugins);
        Assert.NotEmpty(local);
        var (changed, hash) = local.First();
        // Another node, alive, that runs a different build of one plugin and an extra one this node lacks.
        var other = new Dictionary<string, string>(local) { [changed] = new string('0', 64), ["extra"] = new string('1', 64) };
        await portal.Services.GetRequiredService<ClusterNodeRepository>()
            .HeartbeatAsync("odd-node", "elsewhere", 4242, "1.0", JsonSerializer.Serialize(other));

        var snapshot = await portal.Services.GetRequiredService<ClusterStatus>().ReadAsync();

        var odd = Assert.Single(snapshot.PluginMismatches);
        Assert.Equal("odd-node", odd.NodeId);
        Assert.Equal(NodeState.Alive, odd.State);
        Assert.Equal(
            new[] { new PluginDifference(changed, hash, new string('0', 64)), new PluginDifference("extra", "", new string('1', 64)) }.OrderBy(d => d.PluginId, StringComparer.Ordinal),
            odd.PluginDifferences);
    }

    [Fact]
    public async Task Nodes_ANodeThatStoppedBeating_IsLostOnceItsLeaseTimePasses()
    {
        var database = await server.CreateDatabaseAsync();
        var settings = new Dictionary<string, string>(Settings(database)) { ["Portal:Cluster:LeaseTime"] = "00:00:03", ["Portal:Cluster:PollInterval"] = "00:00:00.500" };
        await using var portal = new TestPortal(settings);
        var repository = portal.Services.GetRequiredService<ClusterNodeRepository>();
        await repository.HeartbeatAsync("silent-node", "elsewhere", 1, "1.0", "{}");
        var status = portal.Services.GetRequiredService<ClusterStatus>();
        Assert.Equal(NodeState.Alive, (await status.ReadAsync()).Nodes.Single(n => n.NodeId == "silent-node").State);

        await Poll.UntilAsync(
            async () => (await status.ReadAsync()).Nodes.Single(n => n.NodeId == "silent-node").State == NodeState.Lost,
            "the silent node to be shown lost", TimeSpan.FromSeconds(20));

        await repository.StoppedAsync("silent-node");
        Assert.Equal(NodeState.Stopped, (await status.ReadAsync()).Nodes.Single(n => n.NodeId == "silent-node").State);
        // The portal's own node keeps beating throughout.
        Assert.Equal(NodeState.Alive, (await status.ReadAsync()).Nodes.Single(n => n.IsThisNode).State);
    }

    [Fact]
    public async Task Nodes_OnSqlite_OneNodeDrivesEveryRelease()
    {
        await using var portal = new TestPortal();
        var release = await portal.Client.CreateReleaseAsync("quick-canary", "1.0.0");

        using var document = JsonDocument.Parse(await portal.Http.GetStringAsync("/api/cluster/nodes"));
        var root = document.RootElement;

        Assert.False(root.GetProperty("clustered").GetBoolean());
        var node = Assert.Single(root.GetProperty("nodes").EnumerateArray());
        Assert.Equal(portal.Services.GetRequiredService<NodeIdentity>().Id, node.GetProperty("nodeId").GetString());
        Assert.Equal("Alive", node.GetProperty("state").GetString());
        await portal.Client.WaitForStateAsync(release, "Promoted", TimeSpan.FromSeconds(90));
    }

    [Fact]
    public async Task Nodes_ViewerAndAdmin_ViewerGets403AndAdmin200()
    {
        await using var portal = new TestPortal(new Dictionary<string, string>
        {
            ["Portal:Engine:AllowIdentityHeader"] = "true",
            ["Portal:Access:DevelopmentEveryoneIsAdmin"] = "false",
            ["Portal:Access:Grants:0:Everyone"] = "true",
            ["Portal:Access:Grants:0:Role"] = "viewer",
            ["Portal:Access:Grants:1:User"] = "root",
            ["Portal:Access:Grants:1:Role"] = "admin",
        });

        using var viewer = await GetAsUserAsync(portal, "vic");
        using var admin = await GetAsUserAsync(portal, "root");

        Assert.Equal(System.Net.HttpStatusCode.Forbidden, viewer.StatusCode);
        Assert.Equal("application/problem+json", viewer.Content.Headers.ContentType?.MediaType);
        var refusal = await viewer.Content.ReadAsStringAsync();
        Assert.Contains("vic may not", refusal, StringComparison.Ordinal);
        // The node's id holds its host name and process id, what the restriction keeps from viewers.
        var self = portal.Services.GetRequiredService<NodeIdentity>();
        Assert.DoesNotContain(self.Id, refusal, StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.OK, admin.StatusCode);
        using var document = JsonDocument.Parse(await admin.Content.ReadAsStringAsync());
        Assert.Equal(self.Host, Assert.Single(document.RootElement.GetProperty("nodes").EnumerateArray()).GetProperty("host").GetString());
    }

    private static async Task<HttpResponseMessage> GetAsUserAsync(TestPortal portal, string user)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/cluster/nodes");
        request.Headers.Add("X-Portal-User", user);
        return await portal.Http.SendAsync(request);
    }

    [Fact]
    public async Task HotReload_ByDefault_OnForSqliteAndOffForAClusterUnlessConfigured()
    {
        var database = await server.CreateDatabaseAsync();
        await using var sqlite = new TestPortal();
        await using var cluster = new TestPortal(Settings(database));
        await using var chosen = new TestPortal(new Dictionary<string, string>(Settings(database)) { ["Portal:Plugins:HotReload"] = "true" });

        Assert.True(sqlite.Services.GetRequiredService<IOptions<PluginTrustOptions>>().Value.HotReload);
        Assert.False(cluster.Services.GetRequiredService<IOptions<PluginTrustOptions>>().Value.HotReload);
        Assert.True(chosen.Services.GetRequiredService<IOptions<PluginTrustOptions>>().Value.HotReload);
    }

    [Fact]
    public async Task PluginsPage_ANodeRunsOtherPlugins_ViewerLearnsWhichPluginsAndOperatorWhichNode()
    {
        var database = await server.CreateDatabaseAsync();
        await using var portal = new TestPortal(new Dictionary<string, string>(Settings(database))
        {
            ["Portal:Engine:AllowIdentityHeader"] = "true",
            ["Portal:Access:DevelopmentEveryoneIsAdmin"] = "false",
            ["Portal:Access:Grants:0:Everyone"] = "true",
            ["Portal:Access:Grants:0:Role"] = "viewer",
            ["Portal:Access:Grants:1:User"] = "olga",
            ["Portal:Access:Grants:1:Role"] = "operator",
        });
        var local = PluginHashes.Of(portal.Services.GetRequiredService<PluginCatalog>().Plugins);
        var changed = local.Keys.First();
        await portal.Services.GetRequiredService<ClusterNodeRepository>().HeartbeatAsync(
            "odd-node-on-host-7", "host-7", 4242, "1.0", JsonSerializer.Serialize(new Dictionary<string, string>(local) { [changed] = new string('0', 64) }));

        var viewer = await GetPageAsUserAsync(portal, "/plugins", "vic");
        var operatorPage = await GetPageAsUserAsync(portal, "/plugins", "olga");

        Assert.Contains("Another node runs different plugins", viewer, StringComparison.Ordinal);
        Assert.Contains($"({changed}).", viewer, StringComparison.Ordinal);
        Assert.DoesNotContain("odd-node-on-host-7", viewer, StringComparison.Ordinal);
        Assert.DoesNotContain("host-7", viewer, StringComparison.Ordinal);
        Assert.Contains($"odd-node-on-host-7 ({changed})", operatorPage, StringComparison.Ordinal);
        Assert.Contains("href=\"/nodes\"", operatorPage, StringComparison.Ordinal);
    }

    private static async Task<string> GetPageAsUserAsync(TestPortal portal, string path, string user)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Portal-User", user);
        using var response = await portal.Http.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return System.Net.WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
    }

    private Dictionary<string, string> Settings(string database) => server.PortalSettings(database);
}
