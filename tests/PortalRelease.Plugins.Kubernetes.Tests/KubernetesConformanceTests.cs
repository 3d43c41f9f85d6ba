using PortalRelease.Plugins.Kubernetes.Tests.Fake;
using PortalRelease.Sdk;
using PortalRelease.Sdk.Testing;
using PortalRelease.Sdk.Testing.Conformance;

namespace PortalRelease.Plugins.Kubernetes.Tests;

/// <summary>The SDK's driver conformance suite against the Kubernetes driver and a fake API server (Gateway API routing).</summary>
public class KubernetesConformanceTests : TargetDriverConformanceTests
{
    private readonly TestPluginHost _host = new();
    private FakeKubeApi? _api;

    protected virtual string Routing => "httproute";

    protected override string ValidSettingsJson => KubernetesHarness.SettingsFor(_api!.Url, Routing);

    protected override IEnumerable<string> InvalidSettingsJson =>
    [
        "[]",
        """{"workload":"web"}""",
        """{"server":"http://127.0.0.1:1","workload":"Web_App","image":"registry.example.com/web"}""",
        """{"server":"http://127.0.0.1:1","workload":"web","image":"registry.example.com/web:1.0"}""",
        """{"server":"http://127.0.0.1:1","workload":"web","image":"r/web","routing":"linkerd"}""",
        """{"inCluster":true,"kubeconfig":"apiVersion: v1","workload":"web","image":"r/web"}""",
        """{"workload":"web","image":"r/web","unknown":1}""",
    ];

    public override async Task InitializeAsync()
    {
        _api = await FakeKubeApi.StartAsync();
        ClusterSeed.Apply(_api);
        await base.InitializeAsync();
    }

    protected override ITargetDriver CreateDriver() => _host.Register(new KubernetesPlugin()).Driver(KubernetesPlugin.Kind);

    // The cluster is the target's real state: a call that must change nothing writes no object.
    protected override ValueTask<string> CaptureExternalStateAsync() => ValueTask.FromResult(_api!.Snapshot());

    protected override async Task CleanupAsync()
    {
        await _api!.DisposeAsync();
        _host.Dispose();
    }
}

/// <summary>The conformance suite again, with the canary weights on an Istio VirtualService.</summary>
public sealed class KubernetesVirtualServiceConformanceTests : KubernetesConformanceTests
{
    protected override string Routing => "virtualservice";
}
