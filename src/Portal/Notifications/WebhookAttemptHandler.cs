using System.Diagnostics;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Targets;

namespace PortalRelease.Portal.Notifications;

/// <summary>
/// Sits below the retry strategy, so it sees every attempt: stamps and signs each one afresh (a retry carries a
/// current timestamp, which a receiver's replay window accepts) and records the attempt's outcome.
/// </summary>
internal sealed class WebhookAttemptHandler(NotificationRepository repository, TimeProvider time) : DelegatingHandler
{
    private const int MaxErrorBody = 300;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!request.Options.TryGetValue(DeliveryContext.Key, out var context))
        {
            return await base.SendAsync(request, cancellationToken);
        }
        if (!context.Claim.MaySend)
        {
            // The claim may have run out while this node waited (a retry's backoff, a pause): another node may be sending.
            throw new DeliveryClaimLostException(context.Delivery.Id, context.Claim.Epoch);
        }
        var at = time.GetUtcNow();
        Stamp(request, context, at);
        // The attempt's HTTP client span (.NET's own) starts beneath this one.
        using var span = DeliverySpans.StartAttempt(context.Delivery);
        var clock = Stopwatch.StartNew();
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken);
        }
        catch (Exception error) when (!context.Stopping.IsCancellationRequested)
        {
            var what = KnownSecrets.Redact(error is OperationCanceledException
                ? "No response within the attempt timeout."
                : $"{error.GetType().Name}: {error.Message}");
            var failed = await RecordAsync(context, at, null, what, clock.ElapsedMilliseconds);
            DeliverySpans.EndAttempt(span, failed, null, what);
            throw;
        }
        string? problem = null;
        if (!response.IsSuccessStatusCode)
        {
            var body = await ReadSomeAsync(response, cancellationToken);
            problem = KnownSecrets.Redact($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}{(body.Length == 0 ? "" : ": " + body)}");
        }
        int attempt;
        try
        {
            attempt = await RecordAsync(context, at, (int)response.StatusCode, problem, clock.ElapsedMilliseconds);
        }
        catch (DeliveryClaimLostException)
        {
            response.Dispose();
            throw;
        }
        DeliverySpans.EndAttempt(span, attempt, (int)response.StatusCode, problem);
        return response;
    }

    /// <summary>Records the attempt under the delivery's claim; a claim taken over meanwhile ends the delivery here, unrecorded.</summary>
    private async Task<int> RecordAsync(DeliveryContext context, DateTimeOffset at, int? status, string? problem, long durationMs)
    {
        if (await repository.RecordAttemptAsync(context.Delivery.Id, context.Claim.Epoch, at, status, problem, durationMs) is { } attempt)
        {
            return attempt;
        }
        context.Claim.MarkLost();
        throw new DeliveryClaimLostException(context.Delivery.Id, context.Claim.Epoch);
    }

    private static void Stamp(HttpRequestMessage request, DeliveryContext context, DateTimeOffset at)
    {
        var headers = request.Headers;
        headers.Remove(WebhookSignature.DeliveryHeader);
        headers.Remove(WebhookSignature.EventHeader);
        headers.Remove(WebhookSignature.TimestampHeader);
        headers.Remove(WebhookSignature.SignatureHeader);
        headers.TryAddWithoutValidation(WebhookSignature.DeliveryHeader, context.Delivery.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        headers.TryAddWithoutValidation(WebhookSignature.EventHeader, context.Delivery.Event);
        if (context.Webhook.Key is { } key)
        {
            var timestamp = WebhookSignature.Timestamp(at);
            headers.TryAddWithoutValidation(WebhookSignature.TimestampHeader, timestamp);
            headers.TryAddWithoutValidation(WebhookSignature.SignatureHeader, WebhookSignature.Sign(key, timestamp, context.Body));
        }
    }

    private static async Task<string> ReadSomeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            text = text.ReplaceLineEndings(" ").Trim();
            return text.Length > MaxErrorBody ? text[..MaxErrorBody] + "…" : text;
        }
        catch (Exception error) when (error is HttpRequestException or IOException or OperationCanceledException)
        {
            return "";
        }
    }
}
