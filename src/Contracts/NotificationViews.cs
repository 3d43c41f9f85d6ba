namespace PortalRelease.Contracts;

/// <summary>
/// One webhook delivery of a release's event, as <c>GET /api/releases/{id}/notifications</c> lists it.
/// <see cref="Status"/> is Pending, Delivered or Failed (given up after its attempts); <see cref="AttemptLog"/> says
/// how each attempt went.
/// </summary>
public sealed record NotificationDeliveryView(
    long Id,
    string Webhook,
    string Event,
    long Seq,
    string Status,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastAttemptAt,
    int? LastStatus,
    string? LastError,
    DateTimeOffset? CompletedAt,
    IReadOnlyList<NotificationAttemptView> AttemptLog);

/// <summary>One attempt of a delivery: the receiver's HTTP status (null when none came) or the error, and how long it took.</summary>
public sealed record NotificationAttemptView(int Attempt, DateTimeOffset At, int? Status, string? Error, long DurationMs);
