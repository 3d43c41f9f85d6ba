using PortalRelease.Plugins.Kubernetes.Tests.Fake;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Kubernetes.Tests;

/// <summary>Blue-green on the wire: a preview Deployment, a Service selector switch, the previous slot kept, retired or switched back to.</summary>
public sealed class BlueGreenWireTests : IAsyncLifetime
{
    private KubernetesHarness _k8s = null!;

    public async Task InitializeAsync() => _k8s = await KubernetesHarness.StartAsync();

    public async Task DisposeAsync() => await _k8s.DisposeAsync();

    [Fact]
    public async Task Preview_deploys_the_green_slot_at_full_size_without_touching_the_stable_service()
    {
        await Preview("1.1.0");

        Assert.Equal([$"POST {ClusterSeed.Deployments}", $"PUT {ClusterSeed.Workload}"], _k8s.Writes());
        var green = _k8s.LastWrite("POST", ClusterSeed.Deployments).Json!;
        Assert.Equal("web-green", green["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal(3, green["spec"]!["replicas"]!.GetValue<int>());
        Assert.Equal("preview", green["metadata"]!["annotations"]!["portalrelease.dev/role"]!.GetValue<string>());
        Assert.Equal("""{"app":"web-green","portalrelease.dev/track":"green"}""", green["spec"]!["selector"]!["matchLabels"]!.ToJsonString());
        var status = await _k8s.StatusAsync();
        Assert.Equal(("0.9.0", "1.1.0", (string?)null, true), (status.StableVersion, status.PreviewVersion, status.PreviousVersion, status.Ready));
    }

    [Fact]
    public async Task Switch_points_the_stable_service_selector_at_green_and_keeps_blue_running()
    {
        await Preview("1.1.0");
        _k8s.Api.ClearRequests();

        await _k8s.ApplyAsync("bg-switch", "1.1.0", Cohorts.Stable, 100, DeploymentStrategy.BlueGreen);

        var selector = _k8s.LastWrite("PUT", ClusterSeed.StableService);
        Assert.StartsWith("application/json", selector.ContentType);
        Assert.Equal("""{"app":"web-green","portalrelease.dev/track":"green"}""", selector.Json!["spec"]!["selector"]!.ToJsonString());
        Assert.Equal(3, _k8s.Object(ClusterSeed.Workload)["spec"]!["replicas"]!.GetValue<int>());
        var status = await _k8s.StatusAsync();
        Assert.Equal(("1.1.0", (string?)null, "0.9.0"), (status.StableVersion, status.PreviewVersion, status.PreviousVersion));
    }

    [Fact]
    public async Task Retiring_the_previous_version_scales_it_to_zero_with_a_merge_patch()
    {
        await Preview("1.1.0");
        await _k8s.ApplyAsync("bg-switch", "1.1.0", Cohorts.Stable, 100, DeploymentStrategy.BlueGreen);
        _k8s.Api.ClearRequests();

        await _k8s.ApplyAsync("bg-retire", "0.9.0", Cohorts.Previous, 0, DeploymentStrategy.BlueGreen);

        var patch = _k8s.LastWrite("PATCH", ClusterSeed.Workload);
        Assert.Equal("application/merge-patch+json", patch.ContentType?.Split(';')[0]);
        Assert.Equal("""{"spec":{"replicas":0}}""", patch.Body);
        var status = await _k8s.StatusAsync();
        Assert.Equal(("1.1.0", (string?)null), (status.StableVersion, status.PreviousVersion));
    }

    [Fact]
    public async Task Rollback_in_the_warm_window_switches_the_selector_back_to_blue()
    {
        await Preview("1.1.0");
        await _k8s.ApplyAsync("bg-switch", "1.1.0", Cohorts.Stable, 100, DeploymentStrategy.BlueGreen);
        _k8s.Api.ClearRequests();

        var result = await _k8s.RollbackAsync("bg-rollback", "1.1.0", "0.9.0");

        Assert.Equal(ApplyOutcome.Applied, result.Outcome);
        Assert.Equal("""{"app":"web"}""", _k8s.LastWrite("PUT", ClusterSeed.StableService).Json!["spec"]!["selector"]!.ToJsonString());
        Assert.Equal(0, _k8s.Object(ClusterSeed.Green)["spec"]!["replicas"]!.GetValue<int>());
        Assert.Equal($"{ClusterSeed.Image}:0.9.0", _k8s.ImageOf(ClusterSeed.Workload));
        var status = await _k8s.StatusAsync();
        Assert.Equal(("0.9.0", (string?)null, (string?)null), (status.StableVersion, status.PreviewVersion, status.PreviousVersion));
    }

    [Fact]
    public async Task Rollback_after_the_previous_version_was_retired_scales_it_up_before_switching_back()
    {
        await Preview("1.1.0");
        await _k8s.ApplyAsync("bg-switch", "1.1.0", Cohorts.Stable, 100, DeploymentStrategy.BlueGreen);
        await _k8s.ApplyAsync("bg-retire", "0.9.0", Cohorts.Previous, 0, DeploymentStrategy.BlueGreen);
        _k8s.Api.ClearRequests();

        await _k8s.RollbackAsync("bg-rollback", "1.1.0", "0.9.0");

        var writes = _k8s.Writes().ToList();
        Assert.True(writes.IndexOf($"PUT {ClusterSeed.Workload}") < writes.IndexOf($"PUT {ClusterSeed.StableService}"), "Blue is scaled up before traffic switches back: " + string.Join(", ", writes));
        Assert.Equal(3, _k8s.Object(ClusterSeed.Workload)["status"]!["availableReplicas"]!.GetValue<int>());
        Assert.Equal("0.9.0", (await _k8s.StatusAsync()).StableVersion);
    }

    [Fact]
    public async Task The_next_release_after_a_switch_previews_on_the_blue_slot()
    {
        await Preview("1.1.0");
        await _k8s.ApplyAsync("bg-switch", "1.1.0", Cohorts.Stable, 100, DeploymentStrategy.BlueGreen);
        await _k8s.ApplyAsync("bg-retire", "0.9.0", Cohorts.Previous, 0, DeploymentStrategy.BlueGreen);

        await Preview("1.2.0", "bg-preview-2");
        await _k8s.ApplyAsync("bg-switch-2", "1.2.0", Cohorts.Stable, 100, DeploymentStrategy.BlueGreen);

        Assert.Equal($"{ClusterSeed.Image}:1.2.0", _k8s.ImageOf(ClusterSeed.Workload));
        Assert.Equal("""{"app":"web"}""", _k8s.Object(ClusterSeed.StableService)["spec"]!["selector"]!.ToJsonString());
        var status = await _k8s.StatusAsync();
        Assert.Equal(("1.2.0", "1.1.0"), (status.StableVersion, status.PreviousVersion));
    }

    [Fact]
    public async Task A_preview_at_a_nonzero_weight_is_refused_before_any_request()
    {
        var error = await Assert.ThrowsAsync<DriverException>(() => _k8s.ApplyAsync("bg-bad", "1.1.0", Cohorts.Preview, 50, DeploymentStrategy.BlueGreen));

        Assert.Contains("weight 0", error.Message);
        Assert.Empty(_k8s.Api.Requests);
    }

    private Task<ApplyResult> Preview(string version, string key = "bg-preview") =>
        _k8s.ApplyAsync(key, version, Cohorts.Preview, 0, DeploymentStrategy.BlueGreen);
}
