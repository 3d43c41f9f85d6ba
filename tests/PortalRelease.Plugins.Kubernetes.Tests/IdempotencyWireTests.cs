using System.Text.Json.Nodes;
using PortalRelease.Plugins.Kubernetes.Tests.Fake;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Kubernetes.Tests;

/// <summary>Keys and the previous image live on the cluster, so a restarted portal (a new driver) still knows them.</summary>
public sealed class IdempotencyWireTests : IAsyncLifetime
{
    private KubernetesHarness _k8s = null!;

    public async Task InitializeAsync() => _k8s = await KubernetesHarness.StartAsync();

    public async Task DisposeAsync() => await _k8s.DisposeAsync();

    [Fact]
    public async Task A_repeated_key_after_a_restart_is_already_applied_and_writes_nothing()
    {
        await _k8s.ApplyAsync("rel-1-step-2", "1.1.0", Cohorts.Canary, 25);
        var keys = JsonNode.Parse(_k8s.Object(ClusterSeed.Workload)["metadata"]!["annotations"]!["portalrelease.dev/applied-keys"]!.GetValue<string>())!;
        Assert.Equal("""["rel-1-step-2"]""", keys.ToJsonString());
        _k8s.Api.ClearRequests();

        var again = await _k8s.ApplyAsync("rel-1-step-2", "1.1.0", Cohorts.Canary, 50, driver: _k8s.NewDriver());

        Assert.Equal(ApplyOutcome.AlreadyApplied, again.Outcome);
        Assert.Equal([$"GET {ClusterSeed.Workload}"], _k8s.Api.Requests.Select(r => $"{r.Method} {r.Path}"));
        Assert.Equal(25, (await _k8s.StatusAsync()).CanaryWeight);
    }

    [Fact]
    public async Task Rollback_after_a_restart_restores_the_image_recorded_on_the_deployment()
    {
        // The running image carries a registry the settings do not name (set by hand before the portal took over).
        _k8s.Api.Modify(ClusterSeed.Workload, d => d["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = "mirror.example.com/shop/web:0.9.0");
        await _k8s.ApplyAsync("promote", "1.1.0", Cohorts.Stable, 100);

        var result = await _k8s.RollbackAsync("rollback", "1.1.0", "0.9.0", driver: _k8s.NewDriver());

        Assert.Equal(ApplyOutcome.Applied, result.Outcome);
        Assert.Equal("mirror.example.com/shop/web:0.9.0", _k8s.ImageOf(ClusterSeed.Workload));
        Assert.Equal("0.9.0", (await _k8s.StatusAsync()).StableVersion);
    }

    [Fact]
    public async Task Rollback_of_a_canary_removes_it_and_leaves_the_stable_deployment_alone()
    {
        await _k8s.ApplyAsync("canary", "1.1.0", Cohorts.Canary, 25);
        _k8s.Api.ClearRequests();

        await _k8s.RollbackAsync("rollback", "1.1.0", "0.9.0");

        Assert.Equal([$"PUT {ClusterSeed.HttpRoute}", $"DELETE {ClusterSeed.Canary}", $"PUT {ClusterSeed.Workload}"], _k8s.Writes());
        Assert.Null(_k8s.Api.Get(ClusterSeed.Canary));
        Assert.Equal($"{ClusterSeed.Image}:0.9.0", _k8s.ImageOf(ClusterSeed.Workload));
        Assert.Equal("""[{"name":"web-stable","port":80,"weight":100}]""", _k8s.Object(ClusterSeed.HttpRoute)["spec"]!["rules"]![0]!["backendRefs"]!.ToJsonString());
    }

    [Fact]
    public async Task Concurrent_calls_with_one_key_write_the_cluster_once()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => _k8s.ApplyAsync("same-key", "1.1.0", Cohorts.Canary, 10))));

        Assert.Single(results, r => r.Outcome == ApplyOutcome.Applied);
        Assert.Single(_k8s.Api.Requests, r => r.Method == "POST");
        Assert.Single(_k8s.Api.Requests, r => r.Method == "PUT" && r.Path == ClusterSeed.HttpRoute);
    }
}
