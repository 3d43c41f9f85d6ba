using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PortalRelease.Portal.Cluster;
using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Portal.Tests.Api;
using PortalRelease.Portal.Tests.Data;

namespace PortalRelease.Portal.Tests.Cluster;

/// <summary>
/// A node on PostgreSQL is notified of every commit, its own included; the follower reads the journal for other nodes'
/// rows only. Reading back each of its own commits was most of what a busy node asked its database.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterFollowerQuietTests(PostgresServer server)
{
    [Fact]
    public async Task Follower_OwnCommits_NotReadBackOneByOne()
    {
        var database = await server.CreateDatabaseAsync();
        var settings = server.PortalSettings(database);
        settings["Portal:Cluster:NodeId"] = "quiet-a";
        await using var portal = new TestPortal(settings);
        var follower = portal.Services.GetServices<IHostedService>().OfType<ClusterEventFollower>().Single();
        var writer = portal.Services.GetRequiredService<JournalWriter>();
        await Poll.UntilAsync(() => Task.FromResult(follower.Cursor >= 0), "the follower to start");

        var (commits, reads) = (writer.Commits, follower.Reads);
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await portal.Client.CreateReleaseAsync("quick-canary", $"3.0.{i}"));
        }
        foreach (var id in ids)
        {
            await portal.Client.WaitForEventsAsync(id, es => es.Any(e => e.Type == "StateChanged" && e.Data.GetProperty("to").GetString() == "Promoted"), "the release to be promoted");
        }

        var committed = writer.Commits - commits;
        var read = follower.Reads - reads;
        Assert.True(committed >= 20, $"only {committed} commits: the test proves nothing");
        // Reads come from the fallback poll (every 2 s) and nothing else; one read per commit was the old way.
        Assert.True(read * 2 < committed, $"the follower read the journal {read} times for {committed} commits of its own node");
        await server.DropDatabaseAsync(database);
    }
}
