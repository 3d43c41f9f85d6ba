namespace PortalRelease.Sdk;

/// <summary>One observation of a metric at a point in time.</summary>
public readonly record struct MetricPoint(DateTimeOffset Timestamp, double Value);

/// <summary>The answer to a <see cref="MetricQuery"/>.</summary>
public sealed class MetricResult
{
    /// <summary>The metric's value over the whole window; <c>null</c> when there was no data.</summary>
    public double? Value { get; init; }

    /// <summary>How many events (requests, transactions) the value rests on; too few makes a verdict inconclusive.</summary>
    public long SampleSize { get; init; }

    /// <summary>The series within the window, oldest first, for charts and distribution comparisons.</summary>
    public IReadOnlyList<MetricPoint> Points { get; init; } = [];
}
