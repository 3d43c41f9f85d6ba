using System.Text.RegularExpressions;
using PortalRelease.Plugins.Prometheus.Http;
using PortalRelease.Plugins.Prometheus.Queries;
using PortalRelease.Plugins.Prometheus.Settings;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Prometheus;

/// <summary>
/// Measures a metric with PromQL configured in the target's <c>prometheus</c> settings: the value is an instant
/// query at the window's end over the whole window, the points a range query across it, the sample size a
/// companion <c>samples</c> query (or the number of points). An empty answer is no data (<c>null</c>), which
/// analysis treats as inconclusive; every other problem is a <see cref="DriverException"/>.
/// </summary>
internal sealed partial class PrometheusMetricSource(PrometheusClient client, IHostPolicy policy) : IMetricSource, IDisposable
{
    private const string InstantEndpoint = "api/v1/query";
    private const string RangeEndpoint = "api/v1/query_range";

    // About this many chart points per window, never closer than a second (Prometheus allows 11,000 per series).
    private const int TargetPoints = 60;

    // Each point's rate covers at least this many scrapes, so rate() always has two samples to work with.
    private const int ScrapesPerPoint = 4;

    public string Kind => PrometheusPlugin.Kind;

    // Nothing is known without configuration: every metric is a query in the target's settings.
    public IReadOnlyList<string> WellKnownMetrics { get; } = [];

    public async Task<MetricResult> QueryAsync(MetricQuery query, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (query.End <= query.Start)
        {
            throw new DriverException($"The query window of {query.Metric} ends ({query.End:O}) at or before it starts ({query.Start:O}).");
        }
        var settings = PrometheusSettingsReader.Parse(query.Target);
        // Every read (analysis, SLO pages) goes only to a stored URL the operator's policy allows today.
        if (policy.CheckEndpoint(Kind, settings.Url) is { } refusal)
        {
            throw new DriverException($"The Prometheus URL of target '{query.Target.Name}' is not allowed: {refusal}");
        }
        var queries = Resolve(query.Metric, settings);
        var window = query.End - query.Start;
        var step = settings.Step ?? Step(window);
        var pointRange = TimeSpan.FromTicks(Math.Max(step.Ticks, settings.ScrapeInterval.Ticks * ScrapesPerPoint));

        var value = InstantAsync(settings, queries.Value.Render(query, window, query.Metric), query, query.Metric, cancellationToken);
        var points = RangeAsync(settings, queries.Value.Render(query, pointRange, query.Metric), query, step, cancellationToken);
        var samples = queries.Samples is { } count
            ? InstantAsync(settings, count.Render(query, window, query.Metric), query, $"{query.Metric} (samples)", cancellationToken)
            : Task.FromResult<double?>(null);
        // Wait for all three without throwing, then observe them in order: a failing value query is the error
        // people should read, not whichever of its companions happened to fail first.
        await Task.WhenAny(Task.WhenAll(value, points, samples));

        var measured = await value;
        var series = await points;
        return new MetricResult
        {
            Value = measured,
            SampleSize = queries.Samples is null ? series.Count : (long)Math.Round(Math.Max(0, await samples ?? 0)),
            Points = series,
        };
    }

    /// <summary>
    /// A configured metric's queries, or the metric itself as PromQL. A name in the portal's style (lower-case
    /// words joined by dashes, like <c>error-rate</c>) must be configured: as PromQL it would silently mean a
    /// subtraction of two series. Anything else is sent as an expression and Prometheus' parser judges it.
    /// </summary>
    private static MetricQueries Resolve(string metric, PrometheusSettings settings)
    {
        if (settings.Queries.TryGetValue(metric, out var configured))
        {
            return configured;
        }
        var known = settings.Queries.Count == 0 ? "none" : string.Join(", ", settings.Queries.Keys.Order(StringComparer.Ordinal));
        if (PortalMetricName().IsMatch(metric))
        {
            throw new DriverException($"No Prometheus query is configured for {metric}: add it under prometheus.queries in the target's settings (configured: {known}).");
        }
        var template = PromQlTemplate.TryParse(metric, out var problem)
            ?? throw new DriverException($"The metric '{metric}' is not configured (configured: {known}) and, read as PromQL, it is invalid: {problem}");
        return new MetricQueries(template, null);
    }

    // The portal does not dispose plugin contributions today; a host that does releases the pooled connections.
    public void Dispose() => client.Dispose();

    private static TimeSpan Step(TimeSpan window)
    {
        var seconds = Math.Max(1, Math.Ceiling(window.TotalSeconds / TargetPoints));
        return TimeSpan.FromSeconds(seconds);
    }

    private async Task<double?> InstantAsync(PrometheusSettings settings, string promql, MetricQuery query, string metric, CancellationToken cancellationToken)
    {
        var series = await client.QueryAsync(settings, InstantEndpoint,
        [
            new("query", promql),
            new("time", PromDuration.Timestamp(query.End)),
            new("timeout", PromDuration.Format(settings.Timeout)),
        ], metric, cancellationToken);
        var single = Single(series, metric);
        var value = single?.Samples.Count > 0 ? single.Samples[^1].Value : (double?)null;
        // NaN (0/0 with no traffic) and infinities are no data: a verdict must never rest on them.
        return value is { } v && double.IsFinite(v) ? v : null;
    }

    private async Task<IReadOnlyList<MetricPoint>> RangeAsync(PrometheusSettings settings, string promql, MetricQuery query, TimeSpan step, CancellationToken cancellationToken)
    {
        var series = await client.QueryAsync(settings, RangeEndpoint,
        [
            new("query", promql),
            new("start", PromDuration.Timestamp(query.Start)),
            new("end", PromDuration.Timestamp(query.End)),
            new("step", PromDuration.Seconds(step)),
            new("timeout", PromDuration.Format(settings.Timeout)),
        ], query.Metric, cancellationToken);
        var single = Single(series, query.Metric);
        return single is null ? [] : [.. single.Samples.Where(p => double.IsFinite(p.Value))];
    }

    private static PromSeries? Single(IReadOnlyList<PromSeries> series, string metric) => series.Count switch
    {
        0 => null,
        1 => series[0],
        _ => throw new DriverException(
            $"The query for {metric} returned {series.Count} series where one was expected ({string.Join(", ", series.Take(3).Select(s => s.Describe()))}"
            + $"{(series.Count > 3 ? ", …" : "")}); aggregate it, e.g. with sum(...), or narrow its label matchers."),
    };

    [GeneratedRegex("^[a-z][a-z0-9]*(-[a-z0-9]+)+\\z")]
    private static partial Regex PortalMetricName();
}
