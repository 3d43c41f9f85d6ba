using Microsoft.Extensions.Options;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Releases.Journal;

namespace PortalRelease.Portal.Cluster;

/// <summary>
/// Nodes sharing PostgreSQL: a release is driven under a lease row (<see cref="ReleaseLeaseRepository"/>) whose epoch
/// fences every append. Lease rows rather than a lock library's session locks: the fencing epoch has to live in a row the
/// journal append can read in its own transaction, and a row outlives the connection that took it, so a node's pooled
/// connection breaking does not silently drop its releases.
/// </summary>
public sealed class LeasedOwnership(ReleaseLeaseRepository leases, IOptions<ClusterOptions> options, NodeIdentity node) : ReleaseOwnership
{
    private readonly TimeSpan _leaseTime = options.Value.LeaseTime;

    public override string NodeId => node.Id;

    public override bool Clustered => true;

    public TimeSpan LeaseTime => _leaseTime;

    public override async Task<ReleaseHold?> TryTakeAsync(string releaseId, CancellationToken cancellationToken = default)
    {
        var taken = System.Diagnostics.Stopwatch.GetTimestamp();
        var epoch = await leases.TryAcquireAsync(releaseId, node.Id, _leaseTime, cancellationToken);
        if (epoch is not { } held)
        {
            return null;
        }
        var hold = new ReleaseHold(releaseId, new LeaseFence(node.Id, held));
        hold.Renewed(taken);
        return hold;
    }

    // A fifth of the lease as margin: a driver call started just inside the lease must not still be running when
    // another node, trusting the database clock, takes over.
    public override bool MayAct(ReleaseHold hold) => hold.SinceRenewal < _leaseTime - (_leaseTime / 5);

    public override Task SettledAsync(ReleaseHold hold, CancellationToken cancellationToken = default) =>
        leases.DeleteAsync(hold.ReleaseId, node.Id, hold.Fence!.Epoch, cancellationToken);

    public override Task HandBackAsync(ReleaseHold hold, CancellationToken cancellationToken = default) =>
        leases.GiveUpAsync(hold.ReleaseId, node.Id, hold.Fence!.Epoch, cancellationToken);

    /// <summary>Renews every hold at once; returns the holds that were taken over meanwhile (their runners must stop).</summary>
    public async Task<IReadOnlyList<ReleaseHold>> RenewAsync(IReadOnlyCollection<ReleaseHold> holds, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var renewed = await leases.RenewAsync(node.Id, holds.Select(h => h.ReleaseId).ToList(), _leaseTime, cancellationToken);
        var lost = new List<ReleaseHold>();
        foreach (var hold in holds)
        {
            if (renewed.TryGetValue(hold.ReleaseId, out var epoch) && epoch == hold.Fence!.Epoch)
            {
                // Dated from before the statement: the lease may have been extended a little later, never earlier.
                hold.Renewed(started);
            }
            else
            {
                lost.Add(hold);
            }
        }
        return lost;
    }
}
