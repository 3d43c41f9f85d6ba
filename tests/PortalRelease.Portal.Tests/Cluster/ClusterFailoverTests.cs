using System.Net;
using PortalRelease.Portal.Tests.Api;
using PortalRelease.Portal.Tests.Data;

namespace PortalRelease.Portal.Tests.Cluster;

/// <summary>
/// Three real portal processes on one PostgreSQL database lose a node mid-rollout — killed, frozen past its lease, or
/// restarted in turn — and every release still settles right, with gapless journals, every Sandbox action applied
/// once and no target held by two releases.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterFailoverTests(PostgresServer server)
{
    private const int Releases = 30;
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(240);

    [Fact]
    public async Task Cluster_NodeKilledMidRollout_OthersAdoptAndEveryReleaseSettlesOnce()
    {
        await using var cluster = await PortalCluster.StartAsync(server);
        // A browser on a node that survives watches every release, most of them driven by the other two nodes.
        await using var watcher = await HubWatcher.StartAsync(cluster.Node(0).Http.BaseAddress!);
        var releases = await cluster.CreateReleasesAsync(Releases);
        foreach (var release in releases)
        {
            watcher.Watch(release.Id);
        }
        var orphans = await cluster.WaitUntilMidRolloutAsync(1);

        await cluster.KillNodeAsync(1);

        await ClusterChecks.SettleAndVerifyAsync(cluster, releases, SettleTimeout);
        var journal = await cluster.ReadJournalAsync();
        foreach (var release in releases)
        {
            var expected = journal.Where(r => r.ReleaseId == release.Id).Select(r => r.Event.Seq).ToList();
            // Every event, each once, in order: catch-up from sequence 0 then live, across the kill.
            await Poll.UntilAsync(() => Task.FromResult(watcher.Received(release.Id).Count >= expected.Count), $"node-a's hub to deliver every event of {release.Id}", TimeSpan.FromSeconds(20),
                () => $"received {string.Join(",", watcher.Received(release.Id))}; journal {string.Join(",", expected)}");
            Assert.Equal(expected, watcher.Received(release.Id));
        }
        var leases = await cluster.ReadLeasesAsync();
        // A settled release's lease row is gone; none that is left names the dead node.
        Assert.DoesNotContain(leases, l => orphans.Contains(l.ReleaseId) && l.NodeId == PortalCluster.NodeId(1));
    }

    [Fact]
    public async Task Cluster_NodeFrozenPastItsLease_ZombieAppendsNothingAfterTakeOver()
    {
        await using var cluster = await PortalCluster.StartAsync(server);
        var releases = await cluster.CreateReleasesAsync(Releases);
        var frozen = await cluster.WaitUntilMidRolloutAsync(1);
        var epochs = (await cluster.ReadLeasesAsync()).Where(l => frozen.Contains(l.ReleaseId)).ToDictionary(l => l.ReleaseId, l => l.Epoch);

        await cluster.Node(1).SuspendAsync();
        var frozenAt = (await cluster.ReadJournalAsync()).Max(r => r.Id);
        // Taken over: another node holds each lease under a newer epoch and has journaled for the release since.
        await Poll.UntilAsync(
            async () =>
            {
                var journal = await cluster.ReadJournalAsync();
                var leases = await cluster.ReadLeasesAsync();
                return frozen.All(id =>
                    ClusterChecks.Settled(journal, id)
                    || (leases.Single(l => l.ReleaseId == id) is { } lease && lease.NodeId != PortalCluster.NodeId(1) && lease.NodeId is not null && lease.Epoch > epochs[id]
                        && journal.Any(r => r.ReleaseId == id && r.Id > frozenAt)));
            },
            "the frozen node's releases to journal on other nodes",
            TimeSpan.FromSeconds(60),
            () => Diagnose(cluster, frozen, epochs, frozenAt));

        await cluster.Node(1).ResumeAsync();

        await ClusterChecks.SettleAndVerifyAsync(cluster, releases, SettleTimeout);
        // The zombie woke up believing it still drove these releases. Had it appended or called the Sandbox under its
        // old epoch, a step would show twice, a key intended twice or applied twice: SettleAndVerifyAsync refuses all
        // three. Its leases stay lost, and the node lives on to serve.
        var after = await cluster.ReadLeasesAsync();
        // A settled release's lease row is gone; none that is left is back with the zombie.
        Assert.DoesNotContain(after, l => frozen.Contains(l.ReleaseId) && l.NodeId == PortalCluster.NodeId(1));
        using var live = await cluster.Node(1).Http.GetAsync("/healthz/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
    }

    private static string Diagnose(PortalCluster cluster, IReadOnlyList<string> frozen, Dictionary<string, long> epochs, long frozenAt)
    {
        var journal = cluster.ReadJournalAsync().GetAwaiter().GetResult();
        var leases = cluster.ReadLeasesAsync().GetAwaiter().GetResult();
        return string.Join(Environment.NewLine, frozen.Select(id =>
            $"{id}: epoch at freeze {epochs[id]}, lease now {leases.SingleOrDefault(l => l.ReleaseId == id)}, frozen at #{frozenAt}, after it: "
            + string.Join("; ", journal.Where(r => r.ReleaseId == id && r.Id > frozenAt && r.Event.Type != "MetricsSampled").Select(r => $"[{r.Id}] {r.Event}"))))
            + Environment.NewLine + cluster.Activity();
    }

    [Fact]
    public async Task Cluster_RollingRestart_LeasesHandedBackAndEveryReleaseSettlesOnce()
    {
        await using var cluster = await PortalCluster.StartAsync(server);
        var releases = await cluster.CreateReleasesAsync(Releases);

        for (var node = 0; node < PortalCluster.NodeCount; node++)
        {
            await cluster.WaitUntilMidRolloutAsync(node, releases, orAfter: TimeSpan.FromSeconds(60));
            await cluster.StopNodeAsync(node);
            // Handed back at shutdown, not left to run out: no lease names the stopped node.
            var leases = await cluster.ReadLeasesAsync();
            Assert.DoesNotContain(leases, l => l.NodeId == PortalCluster.NodeId(node));
            await cluster.StartNodeAsync(node);
        }

        await ClusterChecks.SettleAndVerifyAsync(cluster, releases, SettleTimeout);
    }
}
