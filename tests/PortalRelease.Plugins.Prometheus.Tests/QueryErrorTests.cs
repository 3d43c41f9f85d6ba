using System.Net;
using System.Net.Sockets;
using PortalRelease.Plugins.Prometheus.Tests.Fixture;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Prometheus.Tests;

[Collection(PrometheusCollection.Name)]
public sealed class QueryErrorTests(PrometheusFixture prometheus)
{
    private readonly IMetricSource _source = Sources.Register();

    [Fact]
    public async Task Query_BadPromQl_SaysPrometheusRejectedItWithItsParseError()
    {
        var target = prometheus.Target(new Dictionary<string, string> { ["error-rate"] = "sum(rate(http_requests_total[{{window}}])" });

        var error = await Assert.ThrowsAsync<DriverException>(() => _source.QueryAsync(PrometheusFixture.Query(target, "error-rate"), CancellationToken.None));

        Assert.StartsWith("Prometheus rejected the query for error-rate: ", error.Message);
        Assert.Contains("parse error", error.Message);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public async Task Query_UnreachableServer_SaysConnectionRefused()
    {
        var url = new Uri($"http://127.0.0.1:{PrometheusServer.FreePort()}/");

        var error = await Assert.ThrowsAsync<DriverException>(() => _source.QueryAsync(PrometheusFixture.Query(prometheus.Target(url: url), "error-rate"), CancellationToken.None));

        Assert.Equal($"Prometheus at {url.ToString().TrimEnd('/')}/ is unreachable for the query of error-rate: connection refused.", error.Message);
        Assert.True(error.IsTransient);
    }

    [Fact]
    public async Task Query_ServerThatNeverAnswers_TimesOutWithTheConfiguredTimeout()
    {
        // Accepts connections (the kernel completes the handshake) but never reads or answers.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var url = new Uri($"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/");

        var error = await Assert.ThrowsAsync<DriverException>(
            () => _source.QueryAsync(PrometheusFixture.Query(prometheus.Target(url: url, timeoutSeconds: 0.5), "error-rate"), CancellationToken.None));

        Assert.Contains("did not answer the query for error-rate within 0.5 s", error.Message);
        Assert.True(error.IsTransient);
    }

    [Fact]
    public async Task Query_UrlThatIsNotPrometheus_SaysWhichHttpStatusCameBack()
    {
        var error = await Assert.ThrowsAsync<DriverException>(
            () => _source.QueryAsync(PrometheusFixture.Query(prometheus.Target(url: prometheus.Exporter.Url), "error-rate"), CancellationToken.None));

        Assert.Contains("answered HTTP 404", error.Message);
        Assert.Contains("server's root", error.Message);
    }

    [Fact]
    public async Task Query_CredentialsInUrl_NeverAppearInMessages()
    {
        var url = new Uri($"http://ops:s3cret@127.0.0.1:{PrometheusServer.FreePort()}/");

        var error = await Assert.ThrowsAsync<DriverException>(() => _source.QueryAsync(PrometheusFixture.Query(prometheus.Target(url: url), "error-rate"), CancellationToken.None));

        Assert.DoesNotContain("s3cret", error.Message);
        Assert.DoesNotContain("ops", error.Message);
    }

    [Fact]
    public async Task Query_BearerTokenSecret_IsSentAsAuthorizationAndNeverShown()
    {
        var target = prometheus.Target(url: prometheus.Exporter.Url);
        target = new TargetContext
        {
            Name = target.Name,
            Kind = target.Kind,
            Settings = target.Settings,
            Secrets = new Dictionary<string, string> { ["prometheus/bearerToken"] = "tok-s3cret-123" },
        };

        var error = await Assert.ThrowsAsync<DriverException>(() => _source.QueryAsync(PrometheusFixture.Query(target, "error-rate"), CancellationToken.None));

        Assert.Equal("Bearer tok-s3cret-123", prometheus.Exporter.LastAuthorization);
        Assert.DoesNotContain("tok-s3cret", error.Message);
    }

    [Fact]
    public async Task Query_UserInfoInUrl_IsSentAsBasicAuthAndNeverShown()
    {
        var url = new UriBuilder(prometheus.Exporter.Url) { UserName = "ops", Password = "pa ss" }.Uri;

        var error = await Assert.ThrowsAsync<DriverException>(() => _source.QueryAsync(PrometheusFixture.Query(prometheus.Target(url: url), "error-rate"), CancellationToken.None));

        Assert.Equal("Basic " + Convert.ToBase64String("ops:pa ss"u8.ToArray()), prometheus.Exporter.LastAuthorization);
        Assert.DoesNotContain("pa", error.Message.Replace("Prometheus", "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Query_PortalStyleMetricNotConfigured_ListsTheConfiguredOnes()
    {
        var error = await Assert.ThrowsAsync<DriverException>(() => _source.QueryAsync(PrometheusFixture.Query(prometheus.Target(), "latency-p99"), CancellationToken.None));

        Assert.Equal("No Prometheus query is configured for latency-p99: add it under prometheus.queries in the target's settings (configured: error-rate, error-rate-unsampled).", error.Message);
    }

    [Fact]
    public async Task Query_ReleasePlaceholderWithoutRelease_SaysWhichValueIsMissing()
    {
        var target = prometheus.Target(new Dictionary<string, string> { ["mine"] = """sum(up{release="{{release}}"})""" });
        var query = PrometheusFixture.Query(target, "mine");
        query = new MetricQuery { Target = query.Target, Metric = query.Metric, Cohort = query.Cohort, Start = query.Start, End = query.End };

        var error = await Assert.ThrowsAsync<DriverException>(() => _source.QueryAsync(query, CancellationToken.None));

        Assert.Equal("The query for mine uses {{release}}, but this measurement has no release.", error.Message);
    }
}
