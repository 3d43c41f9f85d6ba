using PortalRelease.Portal.Tests.Data;

namespace PortalRelease.Portal.Tests.Cluster;

/// <summary>
/// Three real portal processes on one PostgreSQL database lose a node mid-rollout (killed with SIGKILL) and every release still settles right, with gapless journals, every Sandbox action applied
/// once and no target held by two releases.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterFailoverTests(PostgresServer server)
{
    private const int Releases = 30;
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Cluster_NodeKilledMidRollout_OthersAdoptAndEveryReleaseSettlesOnce()
    {
        await using var cluster = await PortalCluster.StartAsync(server);
        var releases = await cluster.CreateReleasesAsync(Releases);
        var orphans = await cluster.WaitUntilMidRolloutAsync(1);

        await cluster.KillNodeAsync(1);

        await ClusterChecks.SettleAndVerifyAsync(cluster, releases, SettleTimeout);
        var leases = await cluster.ReadLeasesAsync();
        // A settled release's lease row is gone; none that is left names the dead node.
        Assert.DoesNotContain(leases, l => orphans.Contains(l.ReleaseId) && l.NodeId == PortalCluster.NodeId(1));
    }
}
