using k8s.Models;
using PortalRelease.Plugins.Kubernetes.Cluster;
using PortalRelease.Plugins.Kubernetes.Routing;
using PortalRelease.Plugins.Kubernetes.Settings;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Kubernetes;

/// <summary>One driver call's view of a target: its settings, an API client, the rollout watcher and the router.</summary>
internal sealed class TargetSession : IDisposable
{
    public TargetSession(TargetContext target, TimeProvider time, IHostPolicy policy)
    {
        Name = target.Name;
        Settings = KubernetesSettingsReader.Parse(target, policy);
        Api = new KubeApi(KubeClientFactory.Create(target.Name, Settings, policy), Settings.Namespace, time);
        Watcher = new RolloutWatcher(Api, time, TimeSpan.FromSeconds(Settings.RolloutTimeoutSeconds));
        Router = Settings.Route is null ? null : TrafficRouter.For(Api, Settings);
    }

    public string Name { get; }

    public KubernetesSettings Settings { get; }

    public KubeApi Api { get; }

    public RolloutWatcher Watcher { get; }

    /// <summary>The route carrying canary weights; null when the target has none.</summary>
    public TrafficRouter? Router { get; }

    public void Dispose() => Api.Dispose();

    public Task<V1Deployment> ReadWorkloadAsync(CancellationToken cancellationToken) => Api.ReadDeploymentAsync(Settings.Workload, cancellationToken);

    /// <summary>
    /// Finds which Deployment serves live traffic: the workload, or its green twin when the stable Service selects the
    /// green pods (after a blue-green switch). The other one, if any, is idle (a preview or the kept previous version).
    /// </summary>
    public async Task<Slots> ResolveSlotsAsync(V1Deployment workload, CancellationToken cancellationToken)
    {
        var green = await Api.TryReadDeploymentAsync(Settings.GreenDeployment, cancellationToken);
        if (green is null || Settings.StableService is null)
        {
            return new Slots(workload, green, workload, green);
        }

        var service = await Api.ReadServiceAsync(Settings.StableService, cancellationToken);
        var greenLive = SameLabels(service.Spec?.Selector, green.Spec.Selector?.MatchLabels);
        return greenLive ? new Slots(workload, green, green, workload) : new Slots(workload, green, workload, green);
    }

    /// <summary>Waits, on a watch, until the Deployment has rolled out completely.</summary>
    public Task<V1Deployment> WaitRolledOutAsync(V1Deployment deployment, string what, CancellationToken cancellationToken) =>
        Watcher.WaitAsync(deployment, Workloads.IsRolledOut, what, cancellationToken);

    public static bool SameLabels(IDictionary<string, string>? a, IDictionary<string, string>? b) =>
        a is not null && b is not null && a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var v) && v == p.Value);
}

/// <summary>The workload, its green twin if any, and which of them is live and which idle.</summary>
internal sealed record Slots(V1Deployment Workload, V1Deployment? Green, V1Deployment Live, V1Deployment? Idle)
{
    public bool GreenIsLive => ReferenceEquals(Live, Green);
}
