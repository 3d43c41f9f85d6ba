using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using Polly;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Health;
using PortalRelease.Portal.Releases.Engine;
using PortalRelease.Portal.Targets;

namespace PortalRelease.Portal.Notifications;

/// <summary>
/// Sends queued deliveries, one worker per webhook so a slow receiver delays only its own (which go out in order).
/// Retries run in the HTTP client's resilience pipeline (<see cref="NotificationServiceExtensions"/>); each attempt
/// is recorded as it happens, so a delivery the portal stopped in the middle of resumes after a restart with the
/// attempts it has left.
/// </summary>
public sealed class NotificationSender(
    IHttpClientFactory clients,
    NotificationRepository repository,
    WebhookRegistry registry,
    BackgroundServiceHealth health,
    TimeProvider time,
    ILogger<NotificationSender> logger) : SupervisedBackgroundService(health, time, logger)
{
    public const string ClientName = "portal-notifications";

    /// <summary>How many attempts the delivery has left; the retry strategy stops at it.</summary>
    internal static readonly ResiliencePropertyKey<int> RemainingAttempts = new("portal.notification.remaining");

    private readonly ConcurrentDictionary<string, AsyncSignal> _signals = new(StringComparer.Ordinal);

    /// <summary>Tells the webhook's worker that deliveries were queued.</summary>
    public void Wake(string webhook) => Signal(webhook).Raise();

    private AsyncSignal Signal(string webhook) => _signals.GetOrAdd(webhook, _ => new AsyncSignal());

    public override string ServiceName => "notification-sender";

    protected override Task RunAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(registry.Webhooks.Select(w => Task.Run(() => WorkAsync(w, stoppingToken), CancellationToken.None)));

    private async Task WorkAsync(Webhook webhook, CancellationToken stopping)
    {
        var signal = Signal(webhook.Name);
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                var next = await repository.NextPendingAsync(webhook.Name, stopping);
                Running();
                if (next is null)
                {
                    await signal.WaitAsync(null, Time, stopping);
                    continue;
                }
                await SendAsync(webhook, next, stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                // The database being busy or gone for a moment must not end the worker: look again shortly.
                Failed(error);
                logger.LogWarning(error, "The notification worker of webhook {Webhook} met an error; retrying shortly", webhook.Name);
                await signal.WaitAsync(TimeSpan.FromSeconds(5), Time, stopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task SendAsync(Webhook webhook, NotificationDelivery delivery, CancellationToken stopping)
    {
        using var span = DeliverySpans.StartDelivery(delivery);
        var remaining = registry.Options.MaxAttempts - delivery.Attempts;
        if (remaining <= 0)
        {
            await Complete(span, delivery, DeliveryStatus.Failed, $"Gave up after {delivery.Attempts} attempts.");
            return;
        }
        var body = System.Text.Encoding.UTF8.GetBytes(delivery.Body);
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Url)
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" } } },
        };
        request.Options.Set(DeliveryContext.Key, new DeliveryContext(delivery, webhook, body, stopping));
        var context = ResilienceContextPool.Shared.Get(stopping);
        context.Properties.Set(RemainingAttempts, remaining);
        request.SetResilienceContext(context);
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, stopping);
            if (response.IsSuccessStatusCode)
            {
                await Complete(span, delivery, DeliveryStatus.Delivered, null);
                return;
            }
            var code = (int)response.StatusCode;
            var why = NotificationServiceExtensions.IsRetried(response.StatusCode)
                ? $"Gave up: the receiver answered HTTP {code} to the last of {registry.Options.MaxAttempts} attempts."
                : $"Not retried: the receiver refused the request with HTTP {code} (only 408, 429 and 5xx are retried).";
            await Fail(span, delivery, webhook, why);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Still Pending: the next start sends it with the attempts it has left.
            DeliverySpans.EndDelivery(span, DeliveryStatus.Pending, null);
            throw;
        }
        catch (Exception error)
        {
            await Fail(span, delivery, webhook, KnownSecrets.Redact($"Gave up after the last attempt: {error.GetType().Name}: {error.Message}"));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private async Task Complete(Activity? span, NotificationDelivery delivery, DeliveryStatus status, string? why)
    {
        await repository.CompleteAsync(delivery.Id, status, Time.GetUtcNow(), why);
        DeliverySpans.EndDelivery(span, status, why);
    }

    private async Task Fail(Activity? span, NotificationDelivery delivery, Webhook webhook, string why)
    {
        await Complete(span, delivery, DeliveryStatus.Failed, why);
        logger.LogWarning("Notification {Event} of release {ReleaseId} to webhook {Webhook} failed: {Why}", delivery.Event, delivery.ReleaseId, webhook.Name, why);
    }
}
