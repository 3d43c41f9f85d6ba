using PortalRelease.Plugins.Kubernetes.Tests.Fake;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Kubernetes.Tests;

/// <summary>Canary weights and mirroring on an Istio VirtualService (routing: virtualservice).</summary>
public sealed class VirtualServiceWireTests : IAsyncLifetime
{
    private KubernetesHarness _k8s = null!;

    public async Task InitializeAsync() => _k8s = await KubernetesHarness.StartAsync("virtualservice");

    public async Task DisposeAsync() => await _k8s.DisposeAsync();

    [Fact]
    public async Task Canary_weight_sets_the_virtual_service_destination_weights_in_the_stable_host_form()
    {
        await _k8s.ApplyAsync("k-canary", "1.1.0", Cohorts.Canary, 30);

        var put = _k8s.LastWrite("PUT", ClusterSeed.VirtualService);
        Assert.StartsWith("application/json", put.ContentType);
        Assert.Equal(
            """[{"destination":{"host":"web-stable.shop.svc.cluster.local","port":{"number":80}},"weight":70},{"destination":{"host":"web-canary.shop.svc.cluster.local","port":{"number":80}},"weight":30}]""",
            put.Json!["spec"]!["http"]![0]!["route"]!.ToJsonString());
        Assert.DoesNotContain(_k8s.Api.Requests, r => r.Path == ClusterSeed.HttpRoute);
        Assert.Equal(30, (await _k8s.StatusAsync()).CanaryWeight);
    }

    [Fact]
    public async Task Mirror_sets_mirror_and_mirror_percentage_and_rollback_removes_them()
    {
        await _k8s.ApplyAsync("k-mirror", "1.1.0", Cohorts.Mirror, 15);

        var http = _k8s.Object(ClusterSeed.VirtualService)["spec"]!["http"]![0]!;
        Assert.Equal("""{"host":"web-canary.shop.svc.cluster.local","port":{"number":80}}""", http["mirror"]!.ToJsonString());
        Assert.Equal("""{"value":15}""", http["mirrorPercentage"]!.ToJsonString());

        await _k8s.RollbackAsync("k-rollback", "1.1.0", "0.9.0");

        http = _k8s.Object(ClusterSeed.VirtualService)["spec"]!["http"]![0]!;
        Assert.Null(http["mirror"]);
        Assert.Equal("""[{"destination":{"host":"web-stable.shop.svc.cluster.local","port":{"number":80}},"weight":100}]""", http["route"]!.ToJsonString());
    }
}
