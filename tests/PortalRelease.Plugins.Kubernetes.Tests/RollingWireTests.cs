using PortalRelease.Plugins.Kubernetes.Tests.Fake;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Kubernetes.Tests;

/// <summary>Rolling batches and all-at-once through the Deployment's own rollout.</summary>
public sealed class RollingWireTests : IAsyncLifetime
{
    private KubernetesHarness _k8s = null!;

    public async Task InitializeAsync() => _k8s = await KubernetesHarness.StartAsync();

    public async Task DisposeAsync() => await _k8s.DisposeAsync();

    [Fact]
    public async Task A_rolling_batch_updates_the_image_and_pauses_the_rollout_once_the_share_is_reached()
    {
        // Slow controller steps, so the pause lands before the next replica is replaced.
        _k8s.Api.RolloutStep = TimeSpan.FromMilliseconds(1000);

        var result = await _k8s.ApplyAsync("roll-33", "1.1.0", Cohorts.Stable, 33, DeploymentStrategy.Rolling);

        Assert.Equal([$"PUT {ClusterSeed.Workload}", $"PATCH {ClusterSeed.Workload}", $"PUT {ClusterSeed.Workload}"], _k8s.Writes());
        var pause = _k8s.LastWrite("PATCH", ClusterSeed.Workload);
        Assert.Equal("application/merge-patch+json", pause.ContentType?.Split(';')[0]);
        Assert.Equal("""{"spec":{"paused":true}}""", pause.Body);
        var workload = _k8s.Object(ClusterSeed.Workload);
        Assert.Equal($"{ClusterSeed.Image}:1.1.0", _k8s.ImageOf(ClusterSeed.Workload));
        // At least the batch's share (1 of 3); one more controller step may land before the pause does.
        Assert.InRange(workload["status"]!["updatedReplicas"]!.GetValue<int>(), 1, 2);
        Assert.Matches("[12] of 3 replicas", result.Detail);
        Assert.False((await _k8s.StatusAsync()).Ready);
    }

    [Fact]
    public async Task The_last_batch_resumes_the_rollout_and_waits_for_every_replica()
    {
        // Slow controller steps, so the first batch's pause lands before the rollout completes on its own (at 5 ms a
        // step a loaded CI machine once finished all three replicas first: nothing was paused, so nothing resumed).
        _k8s.Api.RolloutStep = TimeSpan.FromMilliseconds(1000);
        await _k8s.ApplyAsync("roll-33", "1.1.0", Cohorts.Stable, 33, DeploymentStrategy.Rolling);
        Assert.True(_k8s.Object(ClusterSeed.Workload)["spec"]!["paused"]?.GetValue<bool>(), "the first batch left the rollout paused");
        _k8s.Api.ClearRequests();

        await _k8s.ApplyAsync("roll-100", "1.1.0", Cohorts.Stable, 100, DeploymentStrategy.Rolling);

        // The write that resumes: the one that sets spec.paused. Picked by content, not position, because the first
        // apply's last write (its key) may still be recorded after ClearRequests (CI once saw it come first).
        var resume = _k8s.Api.Requests.First(r => r.Method == "PUT" && r.Path == ClusterSeed.Workload && r.Json?["spec"]?["paused"] is not null).Json!;
        Assert.False(resume["spec"]!["paused"]!.GetValue<bool>());
        var status = await _k8s.StatusAsync();
        Assert.Equal(("1.1.0", true, TargetHealth.Healthy), (status.StableVersion, status.Ready, status.Health));
        Assert.Equal(3, _k8s.Object(ClusterSeed.Workload)["status"]!["updatedReplicas"]!.GetValue<int>());
    }

    [Fact]
    public async Task All_at_once_sets_the_image_and_returns_when_the_rollout_completes()
    {
        await _k8s.ApplyAsync("all", "1.1.0", Cohorts.Stable, 100, DeploymentStrategy.AllAtOnce);

        // The image, a canary delete that finds none (404 is fine: deletes are idempotent), the key.
        Assert.Equal([$"PUT {ClusterSeed.Workload}", $"DELETE {ClusterSeed.Canary}", $"PUT {ClusterSeed.Workload}"], _k8s.Writes());
        var status = await _k8s.StatusAsync();
        Assert.Equal(("1.1.0", true), (status.StableVersion, status.Ready));
    }

    [Fact]
    public async Task Rollback_of_a_paused_rolling_release_restores_the_image_and_resumes()
    {
        await _k8s.ApplyAsync("roll-33", "1.1.0", Cohorts.Stable, 33, DeploymentStrategy.Rolling);

        await _k8s.RollbackAsync("roll-back", "1.1.0", "0.9.0");

        var workload = _k8s.Object(ClusterSeed.Workload);
        Assert.Equal($"{ClusterSeed.Image}:0.9.0", _k8s.ImageOf(ClusterSeed.Workload));
        Assert.False(workload["spec"]!["paused"]!.GetValue<bool>());
        var status = await _k8s.StatusAsync();
        Assert.Equal(("0.9.0", true), (status.StableVersion, status.Ready));
    }
}
