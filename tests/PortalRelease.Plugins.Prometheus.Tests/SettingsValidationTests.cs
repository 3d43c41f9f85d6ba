using System.Text.Json;
using PortalRelease.Plugins.Prometheus.Settings;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Prometheus.Tests;

public sealed class SettingsValidationTests
{
    [Fact]
    public void Read_CompleteSettings_HasNoErrorsAndKeepsEveryValue()
    {
        var errors = new List<SettingsError>();

        var settings = PrometheusSettingsReader.Read(Json("""
            { "requestsPerSecond": 200,
              "prometheus": { "url": "http://prom:9090/sub", "timeoutSeconds": 3, "scrapeIntervalSeconds": 5, "stepSeconds": 2,
                "queries": { "error-rate": { "query": "sum(rate(x{cohort=\"{{cohort}}\"}[{{window}}]))", "samples": "sum(increase(x[{{window}}]))" },
                             "latency-p95": "histogram_quantile(0.95, sum by (le) (rate(h_bucket{version=\"{{version}}\"}[{{window}}])))" } } }
            """), errors);

        Assert.Empty(errors);
        Assert.NotNull(settings);
        Assert.Equal(new Uri("http://prom:9090/sub/"), settings.Url);
        Assert.Equal(TimeSpan.FromSeconds(3), settings.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.ScrapeInterval);
        Assert.Equal(TimeSpan.FromSeconds(2), settings.Step);
        Assert.NotNull(settings.Queries["error-rate"].Samples);
        Assert.Null(settings.Queries["latency-p95"].Samples);
    }

    [Fact]
    public void Read_NoPrometheusObject_SaysItIsRequired()
    {
        var errors = new List<SettingsError>();

        Assert.Null(PrometheusSettingsReader.Read(Json("""{ "requestsPerSecond": 200 }"""), errors));

        var error = Assert.Single(errors);
        Assert.Equal("/prometheus", error.Path);
        Assert.Contains("Required by the prometheus metric source", error.Message);
    }

    [Theory]
    [InlineData("""{ "queries": {} }""", "/prometheus/url", "Required")]
    [InlineData("""{ "url": 9090 }""", "/prometheus/url", "Must be a string")]
    [InlineData("""{ "url": "prom:9090" }""", "/prometheus/url", "absolute http or https URL")]
    [InlineData("""{ "url": "ftp://prom" }""", "/prometheus/url", "absolute http or https URL")]
    [InlineData("""{ "url": "http://prom:9090/?x=1" }""", "/prometheus/url", "without a query string")]
    [InlineData("""{ "url": "http://prom:9090", "timeoutSeconds": 0 }""", "/prometheus/timeoutSeconds", "greater than 0 and at most 300")]
    [InlineData("""{ "url": "http://prom:9090", "timeoutSeconds": "10" }""", "/prometheus/timeoutSeconds", "Must be a number")]
    [InlineData("""{ "url": "http://prom:9090", "stepSeconds": -1 }""", "/prometheus/stepSeconds", "greater than 0")]
    [InlineData("""{ "url": "http://prom:9090", "queries": [] }""", "/prometheus/queries", "Must be an object")]
    [InlineData("""{ "url": "http://prom:9090", "queries": { "error-rate": 1 } }""", "/prometheus/queries/error-rate", "PromQL string or an object")]
    [InlineData("""{ "url": "http://prom:9090", "queries": { "error-rate": " " } }""", "/prometheus/queries/error-rate", "Must not be empty")]
    [InlineData("""{ "url": "http://prom:9090", "queries": { "error-rate": "up{x=\"{{cohrot}}\"}" } }""", "/prometheus/queries/error-rate", "Unknown placeholder '{{cohrot}}'")]
    [InlineData("""{ "url": "http://prom:9090", "queries": { "error-rate": "up{x=\"{{cohort}\"}" } }""", "/prometheus/queries/error-rate", "malformed placeholder")]
    [InlineData("""{ "url": "http://prom:9090", "queries": { "error-rate": { "samples": "up" } } }""", "/prometheus/queries/error-rate/query", "Required")]
    [InlineData("""{ "url": "http://prom:9090", "queries": { "a/b": { "query": "up", "sample": "up" } } }""", "/prometheus/queries/a~1b/sample", "Unknown property 'sample'")]
    [InlineData("""{ "url": "http://prom:9090", "token": "x" }""", "/prometheus/token", "Unknown property 'token'")]
    [InlineData("""{ "url": "http://prom:9090", "bearerToken": 12 }""", "/prometheus/bearerToken", "non-empty string")]
    public void Read_InvalidValue_GivesOneErrorAtItsPath(string prometheus, string path, string message)
    {
        var errors = new List<SettingsError>();

        Assert.Null(PrometheusSettingsReader.Read(Json($$"""{ "prometheus": {{prometheus}} }"""), errors));

        var error = Assert.Single(errors);
        Assert.Equal(path, error.Path);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Read_SeveralProblems_ReportsEveryOne()
    {
        var errors = new List<SettingsError>();

        PrometheusSettingsReader.Read(Json("""{ "prometheus": { "url": "nope", "timeoutSeconds": 900, "queries": { "a": "{{x}}" } } }"""), errors);

        Assert.Equal(["/prometheus/url", "/prometheus/queries/a", "/prometheus/timeoutSeconds"], errors.Select(e => e.Path));
    }

    [Fact]
    public void Read_PasswordInBadUrl_IsNotEchoed()
    {
        var errors = new List<SettingsError>();

        PrometheusSettingsReader.Read(Json("""{ "prometheus": { "url": "ftp://ops:s3cret@prom" } }"""), errors);

        Assert.DoesNotContain("s3cret", Assert.Single(errors).Message);
    }

    [Fact]
    public async Task Query_InvalidSettings_ThrowsListingEveryPathWithoutCallingAnyServer()
    {
        var target = new TargetContext { Name = "k8s-eu", Kind = "kubernetes", Settings = Json("""{ "prometheus": { "url": 1, "queries": { "e": 2 } } }""") };
        var query = new MetricQuery { Target = target, Metric = "e", Cohort = Cohorts.Canary, Start = DateTimeOffset.UnixEpoch, End = DateTimeOffset.UnixEpoch.AddSeconds(30) };

        var error = await Assert.ThrowsAsync<DriverException>(() => Fixture.Sources.Register().QueryAsync(query, CancellationToken.None));

        Assert.StartsWith("The Prometheus settings of target 'k8s-eu' are invalid: /prometheus/url: Must be a string", error.Message);
        Assert.Contains("; /prometheus/queries/e: ", error.Message);
    }

    [Fact]
    public void Schema_IsValidJsonNamingEveryPropertyTheReaderKnows()
    {
        using var schema = JsonDocument.Parse(PrometheusSettingsSchema.Json);

        var properties = schema.RootElement.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order();

        Assert.Equal(["bearerToken", "queries", "scrapeIntervalSeconds", "stepSeconds", "timeoutSeconds", "url"], properties);
    }

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();
}
