using PortalRelease.Contracts;

namespace PortalRelease.Client;

public sealed partial class PortalClient
{
    /// <summary><c>GET /api/releases/{id}/notifications</c>: the release's webhook deliveries, each with its attempts.</summary>
    public async Task<IReadOnlyList<NotificationDeliveryView>> ListNotificationsAsync(string id, CancellationToken cancellationToken = default)
    {
        using var message = Request(HttpMethod.Get, $"api/releases/{Uri.EscapeDataString(id)}/notifications");
        return await SendAsync<List<NotificationDeliveryView>>(message, cancellationToken);
    }
}
