using PortalRelease.Portal.Data;

namespace PortalRelease.Portal.Notifications;

/// <summary>A delivery as the API and the release page show it, with its attempts.</summary>
public sealed record NotificationDeliveryDto(
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
    IReadOnlyList<NotificationAttemptDto> AttemptLog)
{
    public static async Task<IReadOnlyList<NotificationDeliveryDto>> ListAsync(NotificationRepository repository, string releaseId, CancellationToken cancellationToken)
    {
        var deliveries = await repository.ListForReleaseAsync(releaseId, cancellationToken);
        var attempts = (await repository.ListAttemptsForReleaseAsync(releaseId, cancellationToken)).ToLookup(a => a.DeliveryId);
        return deliveries.Select(d => new NotificationDeliveryDto(
            d.Id, d.Webhook, d.Event, d.Seq, d.Status.ToString(), d.Attempts, d.CreatedAt, d.LastAttemptAt, d.LastStatus, d.LastError, d.CompletedAt,
            attempts[d.Id].Select(a => new NotificationAttemptDto(a.Attempt, a.At, a.Status, a.Error, a.DurationMs)).ToList())).ToList();
    }
}

public sealed record NotificationAttemptDto(int Attempt, DateTimeOffset At, int? Status, string? Error, long DurationMs);
