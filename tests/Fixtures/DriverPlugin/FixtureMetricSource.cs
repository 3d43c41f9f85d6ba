using PortalRelease.Sdk;

namespace PortalRelease.Fixtures.DriverPlugin;

/// <summary>A metric source that measures nothing; the tests only need it to exist with a known kind.</summary>
public sealed class FixtureMetricSource : IMetricSource
{
    public string Kind => "fixture-metrics";

    public IReadOnlyList<string> WellKnownMetrics => [];

    public Task<MetricResult> QueryAsync(MetricQuery query, CancellationToken cancellationToken) => Task.FromResult(new MetricResult());
}
