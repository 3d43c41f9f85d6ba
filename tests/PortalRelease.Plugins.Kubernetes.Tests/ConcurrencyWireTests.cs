using System.Text.Json.Nodes;
using PortalRelease.Plugins.Kubernetes.Tests.Fake;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Kubernetes.Tests;

/// <summary>Conflicts (409) and throttling (429) as the API server sends them.</summary>
public sealed class ConcurrencyWireTests : IAsyncLifetime
{
    private KubernetesHarness _k8s = null!;

    public async Task InitializeAsync() => _k8s = await KubernetesHarness.StartAsync();

    public async Task DisposeAsync() => await _k8s.DisposeAsync();

    [Fact]
    public async Task A_conflict_on_the_route_rereads_it_and_reapplies_the_weights_keeping_the_other_writers_change()
    {
        _k8s.Api.InterfereBeforeNext("PUT", ClusterSeed.HttpRoute, route =>
            route["metadata"]!["annotations"] = new JsonObject { ["team.example.com/owner"] = "storefront" });

        var result = await _k8s.ApplyAsync("k-canary", "1.1.0", Cohorts.Canary, 25);

        Assert.Equal(ApplyOutcome.Applied, result.Outcome);
        var routeCalls = _k8s.Api.Requests.Where(r => r.Path == ClusterSeed.HttpRoute).Select(r => r.Method).ToList();
        Assert.Equal(["GET", "PUT", "GET", "PUT"], routeCalls);
        var puts = _k8s.Api.Requests.Where(r => r.Path == ClusterSeed.HttpRoute && r.Method == "PUT").ToList();
        Assert.NotEqual(puts[0].Json!["metadata"]!["resourceVersion"]!.GetValue<string>(), puts[1].Json!["metadata"]!["resourceVersion"]!.GetValue<string>());
        var route = _k8s.Object(ClusterSeed.HttpRoute);
        Assert.Equal("storefront", route["metadata"]!["annotations"]!["team.example.com/owner"]!.GetValue<string>());
        Assert.Equal(25, (await _k8s.StatusAsync()).CanaryWeight);
    }

    [Fact]
    public async Task A_conflict_on_the_workload_rereads_it_and_reapplies_the_image()
    {
        _k8s.Api.InterfereBeforeNext("PUT", ClusterSeed.Workload, d => d["metadata"]!["labels"]!["team"] = "storefront");

        await _k8s.ApplyAsync("k-promote", "1.1.0", Cohorts.Stable, 100);

        var workload = _k8s.Object(ClusterSeed.Workload);
        Assert.Equal("storefront", workload["metadata"]!["labels"]!["team"]!.GetValue<string>());
        Assert.Equal($"{ClusterSeed.Image}:1.1.0", _k8s.ImageOf(ClusterSeed.Workload));
        // Key check, read, PUT (409), re-read, PUT; then the key's own read and PUT.
        Assert.Equal(["GET", "GET", "PUT", "GET", "PUT", "GET", "PUT"], _k8s.Api.Requests.Where(r => r.Path == ClusterSeed.Workload).Select(r => r.Method));
    }

    [Fact]
    public async Task A_throttled_request_is_retried_after_the_retry_after_delay()
    {
        _k8s.Api.ThrottleNext("GET", ClusterSeed.Workload, retryAfterSeconds: 1);

        var result = await _k8s.ApplyAsync("k-canary", "1.1.0", Cohorts.Canary, 10);

        Assert.Equal(ApplyOutcome.Applied, result.Outcome);
        var reads = _k8s.Api.Requests.Where(r => r.Method == "GET" && r.Path == ClusterSeed.Workload).Take(2).ToList();
        Assert.True(reads[1].At - reads[0].At >= TimeSpan.FromMilliseconds(950), $"The retry came {(reads[1].At - reads[0].At).TotalMilliseconds:0} ms after the 429; Retry-After said 1 s.");
    }

    [Fact]
    public async Task A_throttled_route_write_is_retried_and_applied_once()
    {
        _k8s.Api.ThrottleNext("PUT", ClusterSeed.HttpRoute, retryAfterSeconds: 0, times: 2);

        await _k8s.ApplyAsync("k-canary", "1.1.0", Cohorts.Canary, 10);

        Assert.Equal(3, _k8s.Api.Requests.Count(r => r.Method == "PUT" && r.Path == ClusterSeed.HttpRoute));
        Assert.Equal(10, (await _k8s.StatusAsync()).CanaryWeight);
    }

    [Fact]
    public async Task Throttling_that_never_ends_fails_as_a_transient_driver_exception()
    {
        _k8s.Api.ThrottleNext("GET", ClusterSeed.Workload, retryAfterSeconds: 0, times: 100);

        var error = await Assert.ThrowsAsync<DriverException>(() => _k8s.ApplyAsync("k-canary", "1.1.0", Cohorts.Canary, 10));

        Assert.True(error.IsTransient);
        Assert.Contains("throttling", error.Message);
        Assert.DoesNotContain(_k8s.Api.Requests, r => r.IsWrite);
    }
}
