namespace PortalRelease.Sdk;

/// <summary>Answers metric queries about a target's cohorts, for analysis and charts.</summary>
public interface IMetricSource
{
    /// <summary>The kind of this source, e.g. <c>prometheus</c>; lower-case with dashes.</summary>
    string Kind { get; }

    /// <summary>The metric names this source knows without further configuration, e.g. <c>error-rate</c>.</summary>
    IReadOnlyList<string> WellKnownMetrics { get; }

    /// <summary>Measures one metric for one cohort over a time window.</summary>
    /// <param name="query">What to measure.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    Task<MetricResult> QueryAsync(MetricQuery query, CancellationToken cancellationToken);
}
