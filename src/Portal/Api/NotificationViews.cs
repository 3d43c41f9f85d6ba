using PortalRelease.Contracts;
using PortalRelease.Portal.Data;

namespace PortalRelease.Portal.Api;

/// <summary>A release's webhook deliveries as the API serves them, each with its attempts.</summary>
internal static class NotificationViews
{
    public static async Task<IReadOnlyList<NotificationDeliveryView>> ListAsync(NotificationRepository repository, string releaseId, CancellationToken cancellationToken)
    {
        var deliveries = await repository.ListForReleaseAsync(releaseId, cancellationToken);
        var attempts = (await repository.ListAttemptsForReleaseAsync(releaseId, cancellationToken)).ToLookup(a => a.DeliveryId);
        return deliveries.Select(d => new NotificationDeliveryView(
            d.Id, d.Webhook, d.Event, d.Seq, d.Status.ToString(), d.Attempts, d.CreatedAt, d.LastAttemptAt, d.LastStatus, d.LastError, d.CompletedAt,
            attempts[d.Id].Select(a => new NotificationAttemptView(a.Attempt, a.At, a.Status, a.Error, a.DurationMs)).ToList())).ToList();
    }
}
