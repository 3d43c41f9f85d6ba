using System.Globalization;

namespace PortalRelease.Plugins.Prometheus.Queries;

/// <summary>Durations and timestamps as Prometheus reads them.</summary>
internal static class PromDuration
{
    /// <summary>A PromQL duration: whole seconds as <c>30s</c>, anything finer as <c>1500ms</c>.</summary>
    public static string Format(TimeSpan duration)
    {
        var ms = Math.Max(1, (long)Math.Ceiling(duration.TotalMilliseconds));
        return ms % 1000 == 0
            ? (ms / 1000).ToString(CultureInfo.InvariantCulture) + "s"
            : ms.ToString(CultureInfo.InvariantCulture) + "ms";
    }

    /// <summary>A Unix timestamp in seconds with millisecond precision, the API's input format.</summary>
    public static string Timestamp(DateTimeOffset at) =>
        (at.ToUnixTimeMilliseconds() / 1000.0).ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>The API's output timestamp (seconds, fractional) as a point in time.</summary>
    public static DateTimeOffset FromUnixSeconds(double seconds) =>
        DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000));

    /// <summary>Seconds for the <c>step</c> parameter.</summary>
    public static string Seconds(TimeSpan duration) =>
        duration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
}
