using PortalRelease.Plugins.Kubernetes.Tests.Fake;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Kubernetes.Tests;

/// <summary>Readiness is awaited on a watch of the Deployment, never by polling it.</summary>
public sealed class ReadinessWatchTests : IAsyncLifetime
{
    private KubernetesHarness _k8s = null!;

    public async Task InitializeAsync() => _k8s = await KubernetesHarness.StartAsync();

    public async Task DisposeAsync() => await _k8s.DisposeAsync();

    [Fact]
    public async Task Promote_returns_only_after_the_watch_reports_the_rollout_complete_and_does_not_poll()
    {
        _k8s.Api.HoldRollouts();
        var apply = _k8s.ApplyAsync("k-promote", "1.1.0", Cohorts.Stable, 100);
        await _k8s.Api.WhenWatchedAsync(ClusterSeed.Workload);
        var put = _k8s.LastWrite("PUT", ClusterSeed.Workload);
        var readsWhileWaiting = _k8s.Api.Requests.Count(r => r.Method == "GET" && r.Path == ClusterSeed.Workload);

        Assert.False(apply.IsCompleted, "The apply returned while the rollout was still in progress.");

        _k8s.Api.ReleaseRollouts();
        await apply;

        var requests = _k8s.Api.Requests.ToList();
        var watch = requests.Single(r => r.IsWatch);
        Assert.Equal(ClusterSeed.Deployments, watch.Path);
        Assert.Equal("metadata.name=web", watch.QueryValues["fieldSelector"]);
        Assert.True(long.Parse(watch.QueryValues["resourceVersion"]!, System.Globalization.CultureInfo.InvariantCulture) > 0);
        // After the image PUT, the only reads of the workload are the watch and the one before recording the key.
        Assert.Equal(readsWhileWaiting + 1, requests.Count(r => r.Method == "GET" && r.Path == ClusterSeed.Workload));
        Assert.True(requests.IndexOf(watch) > requests.IndexOf(put));
        var workload = _k8s.Object(ClusterSeed.Workload);
        Assert.Equal(3, workload["status"]!["availableReplicas"]!.GetValue<int>());
        Assert.Equal(workload["metadata"]!["generation"]!.ToJsonString(), workload["status"]!["observedGeneration"]!.ToJsonString());
    }

    [Fact]
    public async Task A_watch_the_role_does_not_allow_fails_at_once_with_the_rbac_message()
    {
        _k8s.Api.FailNext("GET", ClusterSeed.Deployments, 403, "Forbidden",
            "deployments.apps is forbidden: User \"system:serviceaccount:portal:deployer\" cannot watch resource \"deployments\" in API group \"apps\" in the namespace \"shop\"");
        var started = DateTimeOffset.UtcNow;

        var error = await Assert.ThrowsAsync<DriverException>(() => _k8s.ApplyAsync("k-promote", "1.1.0", Cohorts.Stable, 100));

        Assert.Contains("Watching Deployment shop/web: forbidden", error.Message);
        Assert.Contains("cannot watch resource \"deployments\"", error.Message);
        Assert.False(error.IsTransient);
        Assert.True(DateTimeOffset.UtcNow - started < TimeSpan.FromSeconds(10), "A refused watch must not be retried until the rollout timeout.");
    }

    [Fact]
    public async Task A_rollout_that_never_completes_fails_after_the_rollout_timeout()
    {
        var settings = KubernetesHarness.SettingsFor(_k8s.Api.Url).Replace("\"rolloutTimeoutSeconds\":30", "\"rolloutTimeoutSeconds\":1", StringComparison.Ordinal);
        var target = Sdk.Testing.TargetContexts.FromJson("k8s-shop", KubernetesPlugin.Kind, settings);
        _k8s.Api.HoldRollouts();

        var error = await Assert.ThrowsAsync<DriverException>(() => _k8s.Driver.ApplyAsync(target,
            new ApplyRequest { ReleaseId = "rel-1", Version = "1.1.0", Cohort = Cohorts.Stable, Weight = 100, IdempotencyKey = "k-slow" }, CancellationToken.None));

        Assert.Contains("not ready within 1 s", error.Message);
        Assert.Contains("has not yet observed generation 2", error.Message);
        _k8s.Api.ReleaseRollouts();
    }
}
