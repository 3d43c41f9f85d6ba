using PortalRelease.Plugins.Prometheus.Queries;

namespace PortalRelease.Plugins.Prometheus.Settings;

/// <summary>The <c>prometheus</c> object of a target's settings, read and validated.</summary>
internal sealed class PrometheusSettings
{
    public const double DefaultTimeoutSeconds = 10;
    public const double MaxTimeoutSeconds = 300;

    // Prometheus' own default scrape interval; rate() over a range needs at least two scrapes in it.
    public const double DefaultScrapeIntervalSeconds = 15;

    /// <summary>The server's root, e.g. <c>http://prometheus:9090/</c>; may carry user information for basic auth.</summary>
    public required Uri Url { get; init; }

    /// <summary>PromQL templates by metric name, e.g. <c>error-rate</c>.</summary>
    public required IReadOnlyDictionary<string, MetricQueries> Queries { get; init; }

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(DefaultTimeoutSeconds);

    public TimeSpan ScrapeInterval { get; init; } = TimeSpan.FromSeconds(DefaultScrapeIntervalSeconds);

    /// <summary>The range query's resolution; <c>null</c> picks one from the window.</summary>
    public TimeSpan? Step { get; init; }

    /// <summary>Sent as <c>Authorization: Bearer</c>; from the target's secret <c>prometheus/bearerToken</c> when its schema marks it secret.</summary>
    public string? BearerToken { get; init; }
}

/// <summary>The PromQL for one metric and, optionally, for how many events it rests on.</summary>
internal sealed record MetricQueries(PromQlTemplate Value, PromQlTemplate? Samples);
