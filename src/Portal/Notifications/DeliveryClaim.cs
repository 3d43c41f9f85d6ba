using System.Diagnostics;

namespace PortalRelease.Portal.Notifications;

/// <summary>
/// This node's claim on the delivery it is sending: the fencing token its attempts and completion state, and when the
/// claim was last extended, by this process's monotonic clock. The claim is renewed while the delivery is being sent
/// (retries and a receiver's <c>Retry-After</c> can outlast one claim time).
/// </summary>
internal sealed class DeliveryClaim(ClaimedDelivery claimed, TimeSpan claimTime, long claimedAt)
{
    private long _renewedAt = claimedAt;
    private int _lost;

    public NotificationDelivery Delivery { get; } = claimed.Delivery;

    public long Epoch { get; } = claimed.Epoch;

    /// <summary>True once the database said another node holds the claim now (or the delivery is no longer pending).</summary>
    public bool Lost => Volatile.Read(ref _lost) == 1;

    /// <summary>
    /// Whether an attempt may start: not when the claim may have run out unseen (renewals failing, or this process frozen
    /// past it). A fifth of the claim is kept as margin, as for release leases: an attempt started just inside the claim
    /// must not still be starting when another node, trusting the database's clock, takes the delivery over.
    /// </summary>
    public bool MaySend => !Lost && Stopwatch.GetElapsedTime(Interlocked.Read(ref _renewedAt)) < claimTime - (claimTime / 5);

    /// <summary>Dated from before the renewing statement: the claim may have been extended a little later, never earlier.</summary>
    public void Renewed(long timestamp) => Interlocked.Exchange(ref _renewedAt, timestamp);

    public void MarkLost() => Volatile.Write(ref _lost, 1);
}

/// <summary>Another node took the delivery over (this node's claim ran out): this node neither records nor completes it.</summary>
internal sealed class DeliveryClaimLostException(long deliveryId, long epoch)
    : Exception($"The claim (epoch {epoch}) on notification delivery {deliveryId} is no longer this node's.");
