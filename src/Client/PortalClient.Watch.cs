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
        var unexplained = 0;
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
                unexplained = 0;
                yield return e;
            }
            if (stream.Refusal is { } refusal)
            {
                var (refused, explained) = await RefusalAsync(id, refusal, unexplained + 1, cancellationToken);
                if (refused is not null)
                {
                    throw refused;
                }
                unexplained = explained ? 0 : unexplained + 1;
            }
            // The connection ended (the hub's stream never ends by itself): connect again, soon after a connection that
            // delivered something, with growing waits while the portal stays away or keeps failing.
            delay = yielded ? RetryDelay : TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
            await Task.Delay(delay, cancellationToken);
        }
    }

    /// <summary>How many hub errors in a row the REST API cannot explain before the watch gives up on the hub.</summary>
    internal const int MaxUnexplainedRefusals = 5;

    /// <summary>
    /// The hub refused to stream the release, in words only (and it raises the same error for a hub method that failed
    /// on a passing fault), or the connection could not be made: the REST API's answer for the release says whether it
    /// is a refusal that retrying cannot change (404, 403, 401: that exception ends the watch). When the portal is away
    /// or failing (the REST call fails too) the hub's error is explained: connect again. When the REST API answers but
    /// the hub keeps failing (a proxy that does not pass WebSockets, say), the watch ends after
    /// <see cref="MaxUnexplainedRefusals"/> in a row with a 502 carrying the hub's words.
    /// </summary>
    private async Task<(Exception? Refused, bool Explained)> RefusalAsync(string id, Exception refusal, int inARow, CancellationToken cancellationToken)
    {
        try
        {
            await GetReleaseAsync(id, cancellationToken);
        }
        catch (PortalApiException api) when (!IsTransient(api, cancellationToken))
        {
            return (api, true);
        }
        catch (Exception error) when (IsTransient(error, cancellationToken))
        {
            return (null, true);
        }
        return inARow < MaxUnexplainedRefusals
            ? (null, false)
            : (new PortalApiException(HttpStatusCode.BadGateway, null, $"The portal answers, but its hub failed to stream release '{id}' {inARow} times in a row: {refusal.Message}"), false);
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
