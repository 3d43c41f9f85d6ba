using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;
using PortalRelease.Plugins.Prometheus.Tests.Fixture;
using PortalRelease.Portal.Configuration;
using PortalRelease.Portal.Targets.Policy;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Prometheus.Tests;

/// <summary>Reads (analysis, SLO pages) reach only a stored Prometheus URL the operator's policy allows when the query runs.</summary>
public sealed class DestinationPolicyTests : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("prom-policy-").FullName;

    [Fact]
    public async Task Query_UrlThePolicyNoLongerAllows_IsRefusedBeforeAnyRequest()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/";
        var source = Sources.Register(Policy(allowLoopback: false));

        var error = await Assert.ThrowsAsync<DriverException>(() => source.QueryAsync(Query(url), CancellationToken.None));

        Assert.Contains("Portal:TargetPolicy:Kinds:prometheus", error.Message, StringComparison.Ordinal);
        Assert.False(listener.Pending(), "The source connected to a URL the policy refuses.");
    }

    [Fact]
    public async Task Query_PlainHttpToAnAllowedHostWithoutAllowHttp_IsRefused()
    {
        var source = Sources.Register(Policy(allowLoopback: true, hosts: ["prometheus.corp.example"]));

        var error = await Assert.ThrowsAsync<DriverException>(() => source.QueryAsync(Query("http://prometheus.corp.example:9090/"), CancellationToken.None));

        Assert.Contains("AllowHttp", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_home, recursive: true);

    private TargetPolicy Policy(bool allowLoopback, string[]? hosts = null)
    {
        var environment = new HostingEnvironment { ContentRootPath = _home };
        var paths = new PortalPaths(Options.Create(new PortalOptions { DataDirectory = Path.Combine(_home, "data") }), environment);
        var options = new TargetPolicyOptions { AllowLoopback = allowLoopback };
        options.Kinds["prometheus"] = new KindPolicyOptions { Hosts = [.. hosts ?? []] };
        return new TargetPolicy(Options.Create(options), paths, environment);
    }

    private static MetricQuery Query(string url)
    {
        var settings = JsonSerializer.SerializeToElement(new { prometheus = new { url, queries = new Dictionary<string, string> { ["error-rate"] = "sum(rate(errors_total[1m]))" } } });
        var end = DateTimeOffset.UtcNow;
        return new MetricQuery
        {
            Target = new TargetContext { Name = "web", Kind = "sandbox", Settings = settings },
            Metric = "error-rate",
            Cohort = Cohorts.Canary,
            Start = end.AddMinutes(-5),
            End = end,
        };
    }
}
