using PortalRelease.Plugins.Prometheus.Tests.Fixture;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Prometheus.Tests;

[Collection(PrometheusCollection.Name)]
public sealed class QueryTests(PrometheusFixture prometheus)
{
    private readonly IMetricSource _source = Sources.Register();

    [Fact]
    public async Task Query_ErrorRateOfCanary_IsTheRateTheExporterProduced()
    {
        var result = await _source.QueryAsync(PrometheusFixture.Query(prometheus.Target(), "error-rate"), CancellationToken.None);

        Assert.NotNull(result.Value);
        Assert.InRange(result.Value.Value, 0.095, 0.105);
        // 20 requests a second over the 10 s window, from the companion samples query.
        Assert.InRange(result.SampleSize, 170, 230);
        Assert.InRange(result.Points.Count, 8, 12);
        Assert.All(result.Points, p => Assert.InRange(p.Value, 0.09, 0.11));
        Assert.Equal(result.Points.OrderBy(p => p.Timestamp), result.Points);
    }

    [Fact]
    public async Task Query_BaselineCohortAndVersion_SelectsOnlyThatSeries()
    {
        var result = await _source.QueryAsync(
            PrometheusFixture.Query(prometheus.Target(), "error-rate", Cohorts.Baseline, PrometheusFixture.BaselineVersion), CancellationToken.None);

        Assert.NotNull(result.Value);
        Assert.InRange(result.Value.Value, 0.009, 0.011);
    }

    [Fact]
    public async Task Query_VersionWithQuoteAndBackslash_IsEscapedAndMatchesExactly()
    {
        var result = await _source.QueryAsync(
            PrometheusFixture.Query(prometheus.Target(), "error-rate", Cohorts.Canary, PrometheusFixture.AwkwardVersion), CancellationToken.None);

        Assert.NotNull(result.Value);
        Assert.InRange(result.Value.Value, 0.49, 0.51);
    }

    [Fact]
    public async Task Query_VersionWithNoTraffic_GivesNullValueNotAnError()
    {
        var result = await _source.QueryAsync(
            PrometheusFixture.Query(prometheus.Target(), "error-rate", Cohorts.Canary, "9.9.9"), CancellationToken.None);

        Assert.Null(result.Value);
        Assert.Equal(0, result.SampleSize);
        Assert.Empty(result.Points);
    }

    [Fact]
    public async Task Query_WithoutSamplesQuery_SampleSizeIsTheNumberOfPoints()
    {
        var result = await _source.QueryAsync(PrometheusFixture.Query(prometheus.Target(), "error-rate-unsampled"), CancellationToken.None);

        Assert.InRange(result.Value!.Value, 0.095, 0.105);
        Assert.Equal(result.Points.Count, result.SampleSize);
        Assert.True(result.SampleSize > 0);
    }

    [Fact]
    public async Task Query_UnconfiguredPromQlExpression_IsTemplatedAndRun()
    {
        var metric = """sum(rate(http_requests_total{cohort="{{cohort}}",version="{{version}}"}[{{window}}]))""";

        var result = await _source.QueryAsync(PrometheusFixture.Query(prometheus.Target(), metric), CancellationToken.None);

        Assert.InRange(result.Value!.Value, 19, 21);
    }

    [Fact]
    public async Task Query_ExpressionReturningSeveralSeries_SaysOneWasExpected()
    {
        var metric = """rate(http_requests_total{cohort="{{cohort}}"}[{{window}}])""";

        var error = await Assert.ThrowsAsync<DriverException>(() => _source.QueryAsync(PrometheusFixture.Query(prometheus.Target(), metric), CancellationToken.None));

        Assert.Contains("series where one was expected", error.Message);
        Assert.Contains("code=\"500\"", error.Message);
        Assert.Contains("sum(", error.Message);
    }
}
