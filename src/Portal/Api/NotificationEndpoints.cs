using PortalRelease.Contracts;
using PortalRelease.Portal.Api.OpenApi;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Input;
using PortalRelease.Portal.Releases;

namespace PortalRelease.Portal.Api;

public static class NotificationEndpoints
{
    /// <summary>A release's webhook deliveries, to whoever may view the release (they name its events).</summary>
    public static IEndpointRouteBuilder MapNotificationEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/releases/{id}/notifications", async (string id, ReleaseService releases, RequestAuditActor actor, NotificationRepository notifications, CancellationToken ct) =>
        {
            if (await releases.GetForAsync(id, actor.Current, ct) is null)
            {
                return Problems.NotFound($"There is no release '{Excerpt.Of(id)}'.");
            }
            return Results.Ok(await NotificationViews.ListAsync(notifications, id, ct));
        }).WithName("ListReleaseNotifications").Produces<IReadOnlyList<NotificationDeliveryView>>().ProducesProblems(404);
        return api;
    }
}
