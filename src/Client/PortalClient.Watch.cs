using System.Net;
using System.Runtime.CompilerServices;
using PortalRelease.Contracts;

namespace PortalRelease.Client;

public sealed partial class PortalClient
{
    /// <summary>
    /// The release's journal events after <paramref name="afterSeq"/> as they are written, until cancelled. They are
    /// pushed by the portal's hub (<c>/hubs/releases</c>, method <c>Events</c>), not polled. A lost connection, a
    /// timeout or a portal restart costs only time: the watch connects again (waiting <see cref="RetryDelay"/>, doubling
    /// up to <see cref="MaxRetryDelay"/>) and resumes after the last sequence number it yielded, so nothing is missed or
    /// repeated. What retrying cannot change (no such release, no right to see it, a token refused) ends it with the
    /// <see cref="PortalApiException"/> the REST API gives for the release.
    /// </summary>
    public async IAsyncEnumerable<ReleaseEvent> WatchAsync(string id, long afterSeq = 0, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentOutOfRangeException.ThrowIfNegative(afterSeq);
        var last = afterSeq;
        var delay = RetryDelay;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await using var stream = new HubEventStream(this, id, last);
            var yielded = false;
            while (await stream.NextAsync(cancellationToken) is { } e)
            {
                // The hub answers in order after 'last'; anything at or below it would be a repeat.
                if (e.Seq <= last)
                {
                    continue;
                }
                last = e.Seq;
                yielded = true;
                yield return e;
            }
            if (stream.Refusal is { } refusal)
            {
                throw await RefusalAsync(id, refusal, cancellationToken);
            }
            // The connection ended (the hub's stream never ends by itself): connect again, at once after a
            // connection that delivered something, with growing waits while the portal stays away.
            delay = yielded ? RetryDelay : TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
            await Task.Delay(yielded ? TimeSpan.Zero : delay, cancellationToken);
        }
    }

    /// <summary>
    /// The hub refused to stream the release (it says why in words only): the REST API's answer for the release
    /// carries the status and problem details. Should that answer succeed, the hub's words are all there is.
    /// </summary>
    private async Task<Exception> RefusalAsync(string id, Exception refusal, CancellationToken cancellationToken)
    {
        try
        {
            await GetReleaseAsync(id, cancellationToken);
        }
        catch (PortalApiException api)
        {
            return api;
        }
        return new PortalApiException($"The portal refused to stream release '{id}': {refusal.Message}", refusal);
    }

    /// <summary>
    /// <paramref name="call"/>, retried while it fails the way <see cref="WatchAsync"/> retries (the portal away,
    /// restarting, overloaded) with the same growing waits, until it succeeds, fails otherwise, or
    /// <paramref name="cancellationToken"/> (a deadline, say) ends it.
    /// </summary>
    public async Task<T> RetryTransientAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        var delay = RetryDelay;
        while (true)
        {
            try
            {
                return await call(cancellationToken);
            }
            catch (Exception error) when (IsTransient(error, cancellationToken))
            {
                // Below: wait, then ask again.
            }
            await Task.Delay(delay, cancellationToken);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
        }
    }

    private static bool IsTransient(Exception error, CancellationToken cancellationToken) => error switch
    {
        HttpRequestException => true,
        // HttpClient's own timeout, not the caller's cancellation.
        TaskCanceledException when !cancellationToken.IsCancellationRequested => true,
        PortalApiException api => api.Status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)api.Status >= 500,
        _ => false,
    };
}
