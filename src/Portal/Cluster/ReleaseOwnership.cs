using System.Diagnostics;
using PortalRelease.Portal.Releases.Journal;

namespace PortalRelease.Portal.Cluster;

/// <summary>
/// This node's hold on one release: the fence its runner's appends state (null on a single node) and when its lease was
/// last renewed, by this process's monotonic clock.
/// </summary>
public sealed class ReleaseHold(string releaseId, LeaseFence? fence)
{
    private long _renewedAt = Stopwatch.GetTimestamp();

    public string ReleaseId { get; } = releaseId;

    public LeaseFence? Fence { get; } = fence;

    public TimeSpan SinceRenewal => Stopwatch.GetElapsedTime(Interlocked.Read(ref _renewedAt));

    internal void Renewed(long timestamp) => Interlocked.Exchange(ref _renewedAt, timestamp);
}

/// <summary>
/// Which releases this node drives. On SQLite the one process drives them all (<see cref="SoleOwnership"/>); on
/// PostgreSQL each is held under a lease (<see cref="LeasedOwnership"/>), so exactly one node drives it at a time.
/// </summary>
public abstract class ReleaseOwnership
{
    public abstract string NodeId { get; }

    /// <summary>True when other nodes may drive releases too: leases, polling and adoption are on.</summary>
    public abstract bool Clustered { get; }

    /// <summary>Takes the release for this node when nobody holds it (or its holder's lease ran out); null when another node drives it.</summary>
    public abstract Task<ReleaseHold?> TryTakeAsync(string releaseId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Whether the runner may still act (call a driver) under <paramref name="hold"/>: false once the lease may have run
    /// out unseen — renewals failing, or this process frozen past it. Checked before every driver call; the journal's
    /// fence checks the same again at every append.
    /// </summary>
    public abstract bool MayAct(ReleaseHold hold);

    /// <summary>The release settled under this hold: nothing is left to drive.</summary>
    public abstract Task SettledAsync(ReleaseHold hold, CancellationToken cancellationToken = default);

    /// <summary>The node stops: another node may take the release at once rather than when the lease runs out.</summary>
    public abstract Task HandBackAsync(ReleaseHold hold, CancellationToken cancellationToken = default);
}

/// <summary>A single node on SQLite: it drives every release, nothing to lease, nothing to fence.</summary>
public sealed class SoleOwnership(string nodeId) : ReleaseOwnership
{
    public override string NodeId { get; } = nodeId;

    public override bool Clustered => false;

    public override Task<ReleaseHold?> TryTakeAsync(string releaseId, CancellationToken cancellationToken = default) =>
        Task.FromResult<ReleaseHold?>(new ReleaseHold(releaseId, null));

    public override bool MayAct(ReleaseHold hold) => true;

    public override Task SettledAsync(ReleaseHold hold, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public override Task HandBackAsync(ReleaseHold hold, CancellationToken cancellationToken = default) => Task.CompletedTask;
}
