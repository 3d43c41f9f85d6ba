namespace PortalRelease.Portal.Notifications;

/// <summary>
/// Travels with a delivery's request (in <see cref="HttpRequestMessage.Options"/>) to the attempt handler below the
/// retries. <see cref="Stopping"/> is cancelled when the node stops or the claim is lost: an attempt cut short by either
/// is not recorded.
/// </summary>
internal sealed record DeliveryContext(DeliveryClaim Claim, Webhook Webhook, byte[] Body, CancellationToken Stopping)
{
    public NotificationDelivery Delivery => Claim.Delivery;

    public static readonly HttpRequestOptionsKey<DeliveryContext> Key = new("portal.notification.delivery");
}
