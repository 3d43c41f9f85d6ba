using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using Polly;
using PortalRelease.Portal.Cluster;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Health;
using PortalRelease.Portal.Releases.Engine;
using PortalRelease.Portal.Targets;

namespace PortalRelease.Portal.Notifications;

/// <summary>
/// Sends queued deliveries, one worker per webhook so a slow receiver delays only its own (which go out in order).
/// Retries run in the HTTP client's resilience pipeline (<see cref="NotificationServiceExtensions"/>); each attempt
/// is recorded as it happens, so a delivery the portal stopped in the middle of resumes after a restart with the
/// attempts it has left. Every node of a cluster runs a worker per webhook: a delivery is claimed before it is sent
/// (<see cref="NotificationRepository.ClaimNextAsync"/>), so one node sends it; a claim that runs out (its node killed or
/// frozen mid-send) is taken over by another node, which sends the same delivery id again for the receiver to dedupe.
/// </summary>
public sealed class NotificationSender(
    IHttpClientFactory clients,
    NotificationRepository repository,
    WebhookRegistry registry,
    ReleaseOwnership ownership,
    IOptions<ClusterOptions> cluster,
    BackgroundServiceHealth health,
    TimeProvider time,
    ILogger<NotificationSender> logger) : SupervisedBackgroundService(health, time, logger)
{
    public const string ClientName = "portal-notifications";

    /// <summary>How many attempts the delivery has left; the retry strategy stops at it.</summary>
    internal static readonly ResiliencePropertyKey<int> RemainingAttempts = new("portal.notification.remaining");

    private readonly ConcurrentDictionary<string, AsyncSignal> _signals = new(StringComparer.Ordinal);

    // A claim lasts as long as a release's lease: a dead node's deliveries move on as soon as its releases do.
    private readonly TimeSpan _claimTime = cluster.Value.LeaseTime;

    // On one node the dispatcher wakes the worker; in a cluster deliveries are queued (and claims run out) on other
    // nodes too, which only a look now and then notices.
    private readonly TimeSpan? _idlePoll = ownership.Clustered ? cluster.Value.PollInterval : null;

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
                var claimedAt = Stopwatch.GetTimestamp();
                var next = await repository.ClaimNextAsync(webhook.Name, ownership.NodeId, _claimTime, soleNode: !ownership.Clustered, stopping);
                Running();
                if (next is null)
                {
                    await signal.WaitAsync(_idlePoll, Time, stopping);
                    continue;
                }
                await SendAsync(webhook, new DeliveryClaim(next, _claimTime, claimedAt), stopping);
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
                await ((Task)signal.WaitAsync(TimeSpan.FromSeconds(5), Time, stopping)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task SendAsync(Webhook webhook, DeliveryClaim claim, CancellationToken stopping)
    {
        var delivery = claim.Delivery;
        using var span = DeliverySpans.StartDelivery(delivery);
        var remaining = registry.Options.MaxAttempts - delivery.Attempts;
        if (remaining <= 0)
        {
            await Complete(span, claim, DeliveryStatus.Failed, $"Gave up after {delivery.Attempts} attempts.");
            return;
        }
        var body = System.Text.Encoding.UTF8.GetBytes(delivery.Body);
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Url)
        {
            Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" } } },
        };
        // Cancelled when the node stops or the claim is found taken over: either way this node sends no more of it.
        using var sending = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        using var sent = new CancellationTokenSource();
        var keeping = KeepClaimAsync(claim, sending, sent.Token);
        request.Options.Set(DeliveryContext.Key, new DeliveryContext(claim, webhook, body, sending.Token));
        var context = ResilienceContextPool.Shared.Get(sending.Token);
        context.Properties.Set(RemainingAttempts, remaining);
        request.SetResilienceContext(context);
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, sending.Token);
            if (response.IsSuccessStatusCode)
            {
                await Complete(span, claim, DeliveryStatus.Delivered, null);
                return;
            }
            var code = (int)response.StatusCode;
            var why = NotificationServiceExtensions.IsRetried(response.StatusCode)
                ? $"Gave up: the receiver answered HTTP {code} to the last of {registry.Options.MaxAttempts} attempts."
                : $"Not retried: the receiver refused the request with HTTP {code} (only 408, 429 and 5xx are retried).";
            await Fail(span, claim, webhook, why);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Still Pending: another node (or the next start) sends it with the attempts it has left, at once.
            DeliverySpans.EndDelivery(span, DeliveryStatus.Pending, null);
            await ReleaseClaimAsync(claim);
            throw;
        }
        catch (Exception error) when (claim.Lost || error is DeliveryClaimLostException)
        {
            DeliverySpans.EndDelivery(span, DeliveryStatus.Pending, null);
            logger.LogWarning("Notification {Event} of release {ReleaseId} to webhook {Webhook}: this node's claim ran out and another node sends it (delivery {DeliveryId})",
                delivery.Event, delivery.ReleaseId, webhook.Name, delivery.Id);
        }
        catch (Exception error)
        {
            await Fail(span, claim, webhook, KnownSecrets.Redact($"Gave up after the last attempt: {error.GetType().Name}: {error.Message}"));
        }
        finally
        {
            await sent.CancelAsync();
            await keeping;
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>
    /// Extends the claim every third of its time while the delivery is being sent; cancels the sending once the database
    /// says the claim is someone else's. A renewal the database did not answer is tried again: the claim may still be
    /// ours, and <see cref="DeliveryClaim.MaySend"/> stops new attempts once it may not be.
    /// </summary>
    private async Task KeepClaimAsync(DeliveryClaim claim, CancellationTokenSource sending, CancellationToken sent)
    {
        using var timer = new PeriodicTimer(_claimTime / 3, Time);
        try
        {
            while (await timer.WaitForNextTickAsync(sent))
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    if (await repository.RenewClaimAsync(claim.Delivery.Id, claim.Epoch, _claimTime, sent))
                    {
                        claim.Renewed(started);
                        continue;
                    }
                }
                catch (DbException error)
                {
                    logger.LogWarning(error, "Renewing the claim on notification delivery {DeliveryId} failed; trying again", claim.Delivery.Id);
                    continue;
                }
                claim.MarkLost();
                await sending.CancelAsync();
                return;
            }
        }
        catch (OperationCanceledException) when (sent.IsCancellationRequested)
        {
        }
    }

    private async Task ReleaseClaimAsync(DeliveryClaim claim)
    {
        try
        {
            await repository.ReleaseClaimAsync(claim.Delivery.Id, claim.Epoch);
        }
        catch (DbException error)
        {
            // The claim runs out by itself: another node waits a claim time at most.
            logger.LogWarning(error, "Handing back the claim on notification delivery {DeliveryId} failed", claim.Delivery.Id);
        }
    }

    private async Task Complete(Activity? span, DeliveryClaim claim, DeliveryStatus status, string? why)
    {
        if (!await repository.CompleteAsync(claim.Delivery.Id, claim.Epoch, status, Time.GetUtcNow(), why))
        {
            claim.MarkLost();
            logger.LogWarning("Notification delivery {DeliveryId} was not marked {Status}: this node's claim ran out and another node took it over",
                claim.Delivery.Id, status);
        }
        DeliverySpans.EndDelivery(span, status, why);
    }

    private async Task Fail(Activity? span, DeliveryClaim claim, Webhook webhook, string why)
    {
        await Complete(span, claim, DeliveryStatus.Failed, why);
        logger.LogWarning("Notification {Event} of release {ReleaseId} to webhook {Webhook} failed: {Why}", claim.Delivery.Event, claim.Delivery.ReleaseId, webhook.Name, why);
    }
}
