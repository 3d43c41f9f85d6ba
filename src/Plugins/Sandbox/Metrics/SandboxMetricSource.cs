using PortalRelease.Plugins.Sandbox.Fleet;
using PortalRelease.Plugins.Sandbox.Settings;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Sandbox.Metrics;

/// <summary>
/// The sandbox metric source: measures a sandbox target's simulated traffic. The canary cohort receives the
/// canary weight's share of requests, baseline and stable the rest; an injected fault raises errors and latency.
/// </summary>
internal sealed class SandboxMetricSource : IMetricSource
{
    public const string ErrorRate = "error-rate";
    public const string LatencyP95 = "latency-p95";
    public const string RequestRate = "request-rate";

    /// <summary>Requests that succeeded in the window, a count for ratio SLIs (good ÷ total); answered without points.</summary>
    public const string RequestsGood = "requests-good";

    /// <summary>All requests in the window, a count for ratio SLIs.</summary>
    public const string RequestsTotal = "requests-total";

    /// <summary>Longest window answered for the counts: they carry no points, so a 30-day SLO window is only a longer loop.</summary>
    public static readonly TimeSpan MaxCountWindow = TimeSpan.FromDays(400);

    /// <summary>Longest window answered; each second is one point, so a longer one would be a very large answer.</summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(7);

    private readonly SandboxFleetRegistry _fleets;

    public SandboxMetricSource(SandboxFleetRegistry fleets)
    {
        _fleets = fleets;
    }

    /// <summary>How stale other nodes' actions may be in a query's simulation (this node's own are always in).</summary>
    public static readonly TimeSpan TimelineMaxAge = TimeSpan.FromSeconds(1);

    public string Kind => SandboxPlugin.Kind;

    public IReadOnlyList<string> WellKnownMetrics { get; } = [ErrorRate, LatencyP95, RequestRate, RequestsGood, RequestsTotal];

    public async Task<MetricResult> QueryAsync(MetricQuery query, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!WellKnownMetrics.Contains(query.Metric, StringComparer.Ordinal))
        {
            throw new DriverException($"Unknown sandbox metric '{query.Metric}'. Known metrics: {string.Join(", ", WellKnownMetrics)}.");
        }

        if (query.Cohort is not (Cohorts.Canary or Cohorts.Baseline or Cohorts.Stable))
        {
            throw new DriverException($"Unknown cohort '{query.Cohort}'. Known cohorts: {Cohorts.Canary}, {Cohorts.Baseline}, {Cohorts.Stable}.");
        }

        if (query.End < query.Start)
        {
            throw new DriverException($"The query window ends ({query.End:O}) before it starts ({query.Start:O}).");
        }

        var isCount = query.Metric is RequestsGood or RequestsTotal;
        var maxWindow = isCount ? MaxCountWindow : MaxWindow;
        if (query.End - query.Start > maxWindow)
        {
            throw new DriverException($"The query window is {query.End - query.Start}; the sandbox answers windows of at most {maxWindow.TotalDays} days for {query.Metric}.");
        }

        var fleet = _fleets.Get(query.Target);
        var settings = SandboxSettingsReader.Parse(query.Target);
        var timeline = await fleet.TimelineAsync(TimelineMaxAge, cancellationToken);
        if (isCount)
        {
            // The fleet serves traffic before its first change too (an unnamed stable version), so every second counts.
            var counted = TrafficSimulator.Simulate(query.Target.Name, query.Cohort, settings, timeline, query.Start, query.End, cancellationToken);
            return Count(query.Metric, counted);
        }

        var buckets = TrafficSimulator.Simulate(query.Target.Name, query.Cohort, settings, timeline, query.Start, query.End, cancellationToken);
        return Summarise(query.Metric, buckets);
    }

    private static MetricResult Count(string metric, IEnumerable<TrafficBucket> buckets)
    {
        double requests = 0, good = 0;
        foreach (var bucket in buckets)
        {
            requests += bucket.Requests;
            good += bucket.Requests * (1 - bucket.ErrorRate);
        }

        return new MetricResult
        {
            Value = metric == RequestsGood ? good : requests,
            SampleSize = (long)Math.Round(requests),
        };
    }

    private static MetricResult Summarise(string metric, IEnumerable<TrafficBucket> buckets)
    {
        var points = new List<MetricPoint>();
        double requests = 0, errors = 0, sum = 0;
        foreach (var bucket in buckets)
        {
            var value = metric switch
            {
                ErrorRate => bucket.ErrorRate,
                LatencyP95 => bucket.LatencyP95Ms,
                _ => bucket.Requests,
            };
            points.Add(new MetricPoint(bucket.At, value));
            requests += bucket.Requests;
            errors += bucket.Requests * bucket.ErrorRate;
            sum += value;
        }

        if (points.Count == 0 || requests <= 0)
        {
            return new MetricResult { Value = null, SampleSize = 0, Points = [] };
        }

        return new MetricResult
        {
            // Error rate is weighted by requests (errors over requests); latency and rate are per-second means.
            Value = metric == ErrorRate ? errors / requests : sum / points.Count,
            SampleSize = (long)Math.Round(requests),
            Points = points,
        };
    }
}
