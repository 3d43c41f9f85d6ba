using System.Diagnostics;
using PortalRelease.Portal.Telemetry;

namespace PortalRelease.Portal.Notifications;

/// <summary>
/// Spans of notification work on <see cref="PortalMeters.Notifications"/>: one per delivery send (a trace of its own:
/// deliveries run apart from the engine) and one per attempt beneath it, above that attempt's HTTP client span. Both
/// carry <c>release.id</c> (the attribute the engine's spans use), <c>webhook.name</c>, <c>delivery.id</c> and
/// <c>delivery.event</c>, so a failed notification is found by any of them.
/// </summary>
internal static class DeliverySpans
{
    public static Activity? StartDelivery(NotificationDelivery delivery)
    {
        // Whatever the worker's context holds, a delivery is not part of it.
        Activity.Current = null;
        var span = PortalMeters.Notifications.StartActivity("webhook delivery", ActivityKind.Internal);
        if (span is not null)
        {
            Tag(span, delivery);
            span.SetTag("delivery.sequence", delivery.Seq);
            span.SetTag("delivery.attempts_before", delivery.Attempts);
        }
        return span;
    }

    public static void EndDelivery(Activity? span, DeliveryStatus status, string? why)
    {
        span?.SetTag("delivery.status", status.ToString());
        if (status == DeliveryStatus.Failed)
        {
            span?.SetStatus(ActivityStatusCode.Error, why);
        }
    }

    public static Activity? StartAttempt(NotificationDelivery delivery)
    {
        var span = PortalMeters.Notifications.StartActivity("webhook attempt", ActivityKind.Internal);
        if (span is not null)
        {
            Tag(span, delivery);
        }
        return span;
    }

    /// <summary>The attempt's number as recorded (what the API's attempt log shows), its answer and, failed, why.</summary>
    public static void EndAttempt(Activity? span, int attempt, int? status, string? problem)
    {
        if (span is null)
        {
            return;
        }
        span.SetTag("delivery.attempt", attempt);
        if (status is { } code)
        {
            span.SetTag("http.response.status_code", code);
        }
        if (problem is not null)
        {
            span.SetStatus(ActivityStatusCode.Error, problem);
        }
    }

    private static void Tag(Activity span, NotificationDelivery delivery)
    {
        span.SetTag("release.id", delivery.ReleaseId);
        span.SetTag("webhook.name", delivery.Webhook);
        span.SetTag("delivery.id", delivery.Id);
        span.SetTag("delivery.event", delivery.Event);
    }
}
