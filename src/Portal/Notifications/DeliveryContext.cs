namespace PortalRelease.Portal.Notifications;

/// <summary>Travels with a delivery's request (in <see cref="HttpRequestMessage.Options"/>) to the attempt handler below the retries.</summary>
internal sealed record DeliveryContext(NotificationDelivery Delivery, Webhook Webhook, byte[] Body, CancellationToken Stopping)
{
    public static readonly HttpRequestOptionsKey<DeliveryContext> Key = new("portal.notification.delivery");
}
