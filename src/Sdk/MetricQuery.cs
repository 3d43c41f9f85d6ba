namespace PortalRelease.Sdk;

/// <summary>One metric for one cohort of one target over a time window.</summary>
public sealed class MetricQuery
{
    /// <summary>The target whose traffic is measured.</summary>
    public required TargetContext Target { get; init; }

    /// <summary>The metric, e.g. <c>error-rate</c> or <c>latency-p95</c>, or a query in the source's own language.</summary>
    public required string Metric { get; init; }

    /// <summary>The cohort: <see cref="Cohorts.Canary"/>, <see cref="Cohorts.Baseline"/> or <see cref="Cohorts.Stable"/>.</summary>
    public required string Cohort { get; init; }

    /// <summary>The start of the window, inclusive.</summary>
    public required DateTimeOffset Start { get; init; }

    /// <summary>The end of the window, exclusive.</summary>
    public required DateTimeOffset End { get; init; }

    /// <summary>The release being verified, if any, for sources that label by release.</summary>
    public string? ReleaseId { get; init; }

    /// <summary>The version the cohort runs, if known.</summary>
    public string? Version { get; init; }
}
