using PortalRelease.Portal.Data;

namespace PortalRelease.Portal.Tests.Data.Contract;

/// <summary>The <c>cluster_nodes</c> table: heartbeats by the database's clock, stopped versus alive.</summary>
public abstract class ClusterNodeRepositoryContract(PostgresServer? server) : StoreContract(server)
{
    private ClusterNodeRepository Nodes => new(Database);

    [Fact]
    public async Task Heartbeat_TwoNodesOneStopped_CountsTheLiveOneAndKeepsWhatEachRuns()
    {
        await Nodes.HeartbeatAsync("node-a", "host-a", 4242, "1.0.0", "{\"Sandbox\":\"abc\"}");
        await Nodes.HeartbeatAsync("node-b", "host-b", int.MaxValue, "1.0.0", "{}");
        await Nodes.StoppedAsync("node-b");
        Assert.Equal(1, await Nodes.CountAliveAsync(TimeSpan.FromMinutes(1)));

        // A heartbeat after a stop is a restart: alive again, with what it runs now.
        await Nodes.HeartbeatAsync("node-b", "host-b", int.MaxValue, "1.1.0", "{\"Cdn\":\"def\"}");
        Assert.Equal(2, await Nodes.CountAliveAsync(TimeSpan.FromMinutes(1)));

        var (now, rows) = await Nodes.ListAsync();
        Assert.Equal(2, rows.Count);
        var b = Assert.Single(rows, r => r.NodeId == "node-b");
        Assert.Equal(("host-b", (long)int.MaxValue, "1.1.0", "{\"Cdn\":\"def\"}", (long?)null), (b.Host, b.ProcessId, b.Version, b.Plugins, b.StoppedAt));
        Assert.True(now > int.MaxValue);
        Assert.All(rows, r => Assert.InRange(now - r.HeartbeatAt, 0, 60_000));
        Assert.All(rows, r => Assert.True(r.StartedAt <= r.HeartbeatAt));
    }
}

public sealed class SqliteClusterNodeRepositoryContract() : ClusterNodeRepositoryContract(null);

[Collection(PostgresCollection.Name)]
public sealed class PostgresClusterNodeRepositoryContract(PostgresServer server) : ClusterNodeRepositoryContract(server);
