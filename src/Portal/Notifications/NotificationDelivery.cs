namespace PortalRelease.Portal.Notifications;

/// <summary>How a delivery stands: waiting to be (re)sent, accepted by the receiver (2xx), or given up.</summary>
public enum DeliveryStatus
{
    Pending,
    Delivered,
    Failed,
}

/// <summary>One webhook's copy of one release event; <see cref="Body"/> is the exact document sent (and signed).</summary>
public sealed record NotificationDelivery(
    long Id,
    string Webhook,
    string ReleaseId,
    long Seq,
    string Event,
    string Body,
    DeliveryStatus Status,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastAttemptAt,
    int? LastStatus,
    string? LastError,
    DateTimeOffset? CompletedAt);

/// <summary>One attempt: the receiver's HTTP status, or the error when no response came.</summary>
public sealed record DeliveryAttempt(long DeliveryId, int Attempt, DateTimeOffset At, int? Status, string? Error, long DurationMs);

/// <summary>A delivery about to be queued.</summary>
public sealed record DeliveryDraft(string Webhook, string ReleaseId, long Seq, string Event, string Body);

/// <summary>A delivery this node claimed, with the claim's fencing token: its attempts and completion state it.</summary>
public sealed record ClaimedDelivery(NotificationDelivery Delivery, long Epoch);
