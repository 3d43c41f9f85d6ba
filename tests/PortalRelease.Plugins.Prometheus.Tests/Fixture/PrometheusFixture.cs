using System.Text.Json;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Prometheus.Tests.Fixture;

/// <summary>
/// One real Prometheus for the test assembly, scraping a test exporter with known traffic:
/// canary 1.2.3 fails 10 % of 20 requests/s, baseline 1.2.2 fails 1 %, and a version with a quote and a
/// backslash in it fails 50 % (to prove label values are escaped, not interpolated).
/// </summary>
public sealed class PrometheusFixture : IAsyncLifetime
{
    public const string CanaryVersion = "1.2.3";
    public const string BaselineVersion = "1.2.2";
    public const string AwkwardVersion = "2.0.0\"}\\x";

    /// <summary>The window the tests measure; the fixture waits until Prometheus holds more history than that.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    public const string ErrorRateQuery =
        """sum(rate(http_requests_total{cohort="{{cohort}}",version="{{version}}",code=~"5.."}[{{window}}])) / sum(rate(http_requests_total{cohort="{{cohort}}",version="{{version}}"}[{{window}}]))""";

    public const string RequestsQuery = """sum(increase(http_requests_total{cohort="{{cohort}}",version="{{version}}"}{{window}}))""";

    private TestExporter? _exporter;
    private PrometheusServer? _server;

    internal TestExporter Exporter => _exporter ?? throw new InvalidOperationException("Not started.");

    internal PrometheusServer Server => _server ?? throw new InvalidOperationException("Not started.");

    public Uri Url => Server.Url;

    public async Task InitializeAsync()
    {
        _exporter = await TestExporter.StartAsync();
        _exporter.SetRate(Cohorts.Canary, CanaryVersion, "200", 18);
        _exporter.SetRate(Cohorts.Canary, CanaryVersion, "500", 2);
        _exporter.SetRate(Cohorts.Baseline, BaselineVersion, "200", 19.8);
        _exporter.SetRate(Cohorts.Baseline, BaselineVersion, "503", 0.2);
        _exporter.SetRate(Cohorts.Canary, AwkwardVersion, "200", 5);
        _exporter.SetRate(Cohorts.Canary, AwkwardVersion, "500", 5);
        _server = await PrometheusServer.StartAsync(_exporter.Address);
        await _server.WaitForHistoryAsync(Window);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
        if (_exporter is not null)
        {
            await _exporter.DisposeAsync();
        }
    }

    /// <summary>A target whose settings point at this Prometheus with the standard queries and 1 s scrapes.</summary>
    public TargetContext Target(object? queries = null, Uri? url = null, double timeoutSeconds = 10) => TargetWith(new
    {
        url = (url ?? Url).ToString(),
        queries = queries ?? new Dictionary<string, object>
        {
            ["error-rate"] = new { query = ErrorRateQuery, samples = RequestsQuery },
            ["error-rate-unsampled"] = ErrorRateQuery,
        },
        timeoutSeconds,
        scrapeIntervalSeconds = 1,
    });

    public static TargetContext TargetWith(object prometheus, string kind = "sandbox") => new()
    {
        Name = "sbx-eu",
        Kind = kind,
        Settings = JsonSerializer.SerializeToElement(new { prometheus }),
    };

    /// <summary>A query over the window ending now (Prometheus runs on the real clock).</summary>
    public static MetricQuery Query(TargetContext target, string metric, string cohort = Cohorts.Canary, string? version = CanaryVersion)
    {
        var end = DateTimeOffset.UtcNow;
        return new MetricQuery { Target = target, Metric = metric, Cohort = cohort, Start = end - Window, End = end, ReleaseId = "rel-1", Version = version };
    }
}

[CollectionDefinition(Name)]
public sealed class PrometheusCollection : ICollectionFixture<PrometheusFixture>
{
    public const string Name = "prometheus";
}
