using PortalRelease.Plugins.Kubernetes.Tests.Fake;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Kubernetes.Tests;

/// <summary>
/// A rollback to nothing (no version to return to: the status named none before the release) against the API server:
/// the image recorded before the release comes back; with none recorded the driver refuses rather than report a
/// rollback while the release's version keeps serving.
/// </summary>
public sealed class RollbackToNothingWireTests : IAsyncLifetime
{
    private KubernetesHarness _k8s = null!;

    public async Task InitializeAsync() => _k8s = await KubernetesHarness.StartAsync();

    public async Task DisposeAsync() => await _k8s.DisposeAsync();

    [Fact]
    public async Task Rollback_to_nothing_restores_the_image_recorded_before_the_release()
    {
        await _k8s.ApplyAsync("k-all", "1.1.0", Cohorts.Stable, 100, DeploymentStrategy.AllAtOnce);

        await _k8s.RollbackAsync("k-rollback", "1.1.0", null);

        Assert.Equal($"{ClusterSeed.Image}:0.9.0", _k8s.ImageOf(ClusterSeed.Workload));
        Assert.NotEqual("1.1.0", (await _k8s.StatusAsync()).StableVersion);
    }

    [Fact]
    public async Task Rollback_to_nothing_with_no_earlier_image_recorded_refuses_and_writes_nothing()
    {
        // The seeded workload runs 0.9.0 and carries no record of an earlier image: there is nothing to return it to.
        var refused = await Assert.ThrowsAsync<DriverException>(() => _k8s.RollbackAsync("k-rollback", "0.9.0", null));

        Assert.Contains("Cannot roll back Deployment web to nothing", refused.Message, StringComparison.Ordinal);
        Assert.Empty(_k8s.Writes());
        Assert.Equal($"{ClusterSeed.Image}:0.9.0", _k8s.ImageOf(ClusterSeed.Workload));
    }
}
