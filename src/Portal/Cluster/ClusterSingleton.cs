namespace PortalRelease.Portal.Cluster;

/// <summary>
/// Background work that one node runs at a time: the facts projector, the notification dispatcher, the idempotency-key
/// sweeper, audit anchoring. On SQLite the one process runs it (<see cref="SoleSingleton"/>); in a cluster the nodes
/// elect a holder by a lease row (<see cref="LeasedSingleton"/>) and the others stand by, taking over within the lease
/// time when the holder dies or freezes, and at once when it stops gracefully. Every such work is idempotent (upserts
/// monotonic by sequence, deliveries unique per event, deletes of what expired, anchors of the same heads), so the
/// moment two nodes may overlap — a frozen holder resuming before it notices its lease is gone — costs repeated work,
/// never wrong data: the election spares the cluster N copies of the work, it is not what keeps the data right.
/// </summary>
public abstract class ClusterSingleton
{
    /// <summary>
    /// Runs <paramref name="work"/> while this node holds the singleton <paramref name="name"/>, with a token cancelled
    /// when the node stops or loses it (the work is then run again if the node is elected again). Calls
    /// <paramref name="standby"/> whenever another node holds it, and <paramref name="elected"/> when this node takes it
    /// over from another. Returns when the node stops or the work ends by itself.
    /// </summary>
    public abstract Task RunAsync(string name, Func<CancellationToken, Task> work, Action standby, Action elected, CancellationToken stoppingToken);
}

/// <summary>A single node (SQLite): it runs every singleton, at once and for good.</summary>
public sealed class SoleSingleton : ClusterSingleton
{
    public override Task RunAsync(string name, Func<CancellationToken, Task> work, Action standby, Action elected, CancellationToken stoppingToken) =>
        work(stoppingToken);
}
