using System.Collections.Concurrent;
using System.Diagnostics;
using PortalRelease.Portal.Tests.Api;

namespace PortalRelease.Portal.Tests.Notifications;

/// <summary>
/// An operator looking at a failed notification in a trace backend finds it by the release, the webhook or the
/// delivery: the delivery's span and each attempt's span carry all three, and each attempt's HTTP call nests beneath.
/// </summary>
public sealed class WebhookAttemptSpansTests
{
    private const string Path = "/attempt-spans";

    [Fact]
    public async Task WebhookDelivery_RetriedOnce_HasOneSpanPerAttemptCarryingReleaseWebhookAndDeliveryIds()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "PortalRelease.Notifications" or "System.Net.Http",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Script(Path, (503, null));
        await using var portal = new NotificationsPortal(NotificationsPortal.Settings(("span-hook", receiver.Url(Path), "slack", null, ["Promoted"])));

        var id = await portal.Client.CreateReleaseAsync("quick-canary", "6.0.0");
        await portal.Client.WaitForStateAsync(id, "Promoted");
        var delivery = Assert.Single(await DeliveriesApi.WaitAsync(portal.Http, id, d => d is [var one] && one.Status() == "Delivered", "the delivery, retried once"));
        var deliveryId = delivery.GetProperty("id").GetInt64();
        Assert.Equal(2, delivery.GetProperty("attempts").GetInt32());

        var deliverySpan = await Poll.UntilAsync(
            () => Task.FromResult(spans.SingleOrDefault(s => s.DisplayName == "webhook delivery" && Of(s, id, deliveryId))),
            "the delivery's span to end");
        var attempts = spans.Where(s => s.DisplayName == "webhook attempt" && Of(s, id, deliveryId))
            .OrderBy(s => s.StartTimeUtc).ToList();
        Assert.Equal(2, attempts.Count);
        Assert.All(attempts.Prepend(deliverySpan), s =>
        {
            Assert.Equal(id, s.GetTagItem("release.id"));
            Assert.Equal("span-hook", s.GetTagItem("webhook.name"));
            Assert.Equal("Promoted", s.GetTagItem("delivery.event"));
        });
        Assert.All(attempts, a => Assert.Equal(deliverySpan.SpanId, a.ParentSpanId));
        Assert.Equal([1, 2], attempts.Select(a => (int)a.GetTagItem("delivery.attempt")!));
        Assert.Equal(ActivityStatusCode.Error, attempts[0].Status);
        Assert.Equal(503, attempts[0].GetTagItem("http.response.status_code"));
        Assert.Equal(200, attempts[1].GetTagItem("http.response.status_code"));
        Assert.Equal("Delivered", deliverySpan.GetTagItem("delivery.status"));

        // Each attempt's HTTP client span (from .NET's own source) is beneath its attempt's span.
        Assert.All(attempts, a => Assert.Single(spans, s => s.Source.Name == "System.Net.Http" && s.ParentSpanId == a.SpanId));
    }

    /// <summary>Delivery ids are per database: portals of other tests in this process number theirs from 1 too.</summary>
    private static bool Of(Activity span, string releaseId, long deliveryId) =>
        (string?)span.GetTagItem("release.id") == releaseId && Equals(span.GetTagItem("delivery.id"), deliveryId);
}
