using System.Globalization;

namespace PortalRelease.Plugins.Cdn.Api;

/// <summary>
/// How long to wait before retrying: exponential backoff from 250 ms, and for a 429 at least as long as Fastly asks,
/// by <c>Retry-After</c> or by <c>Fastly-RateLimit-Reset</c> (UTC epoch seconds when the hourly window resets).
/// </summary>
internal static class FastlyRetryPolicy
{
    /// <summary>The longest wait inside one driver call; a later reset fails the step as transient instead.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan BaseDelay = TimeSpan.FromMilliseconds(250);

    public static TimeSpan Backoff(int attempt) => BaseDelay * Math.Pow(2, Math.Min(attempt, 6));

    public static TimeSpan Delay(HttpResponseMessage response, int attempt, DateTimeOffset now)
    {
        var asked = TimeSpan.Zero;
        if (response.Headers.RetryAfter is { } retryAfter)
        {
            asked = retryAfter.Delta ?? (retryAfter.Date is { } date ? date - now : TimeSpan.Zero);
        }
        else if (response.Headers.TryGetValues("Fastly-RateLimit-Reset", out var values)
            && long.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var epoch))
        {
            asked = DateTimeOffset.FromUnixTimeSeconds(epoch) - now;
        }

        var backoff = Backoff(attempt);
        return asked > backoff ? asked : backoff;
    }
}
