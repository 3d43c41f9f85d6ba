using System.Net;
using System.Runtime.CompilerServices;
using PortalRelease.Contracts;

namespace PortalRelease.Client;

public sealed partial class PortalClient
{
    /// <summary>
    /// The release's journal events after <paramref name="afterSeq"/> as they are written, until cancelled. It polls the
    /// events endpoint with the last sequence number it yielded, so a lost connection, a timeout or a portal restart
    /// costs only time: it retries (with growing waits up to <see cref="MaxRetryDelay"/>) and resumes where it was,
    /// without a gap or a repeat. Answers that retrying cannot change (401, 403, 404, …) end it with a <see cref="PortalApiException"/>.
    /// </summary>
    public async IAsyncEnumerable<ReleaseEvent> WatchAsync(string id, long afterSeq = 0, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var last = afterSeq;
        var delay = PollInterval;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            IReadOnlyList<ReleaseEvent>? batch = null;
            try
            {
                batch = await GetEventsAsync(id, last, cancellationToken);
            }
            catch (Exception error) when (IsTransient(error, cancellationToken))
            {
                // Below: wait longer each time the portal stays away.
            }
            if (batch is null)
            {
                await Task.Delay(delay, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
                continue;
            }
            delay = PollInterval;
            var yielded = false;
            foreach (var e in batch)
            {
                // The endpoint answers in order after 'last'; anything at or below it would be a repeat.
                if (e.Seq <= last)
                {
                    continue;
                }
                last = e.Seq;
                yielded = true;
                yield return e;
            }
            // Wait whenever nothing new came, not only for an empty batch: a server that ignores 'after' and answers
            // the old events again must not make this loop ask as fast as it can.
            if (!yielded)
            {
                await Task.Delay(PollInterval, cancellationToken);
            }
        }
    }

    /// <summary>
    /// <paramref name="call"/>, retried while it fails the way <see cref="WatchAsync"/> retries (the portal away,
    /// restarting, overloaded) with the same growing waits, until it succeeds, fails otherwise, or
    /// <paramref name="cancellationToken"/> (a deadline, say) ends it.
    /// </summary>
    public async Task<T> RetryTransientAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(call);
        var delay = PollInterval;
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
