using k8s.Models;
using PortalRelease.Plugins.Kubernetes.Cluster;
using PortalRelease.Plugins.Kubernetes.Routing;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Kubernetes;

internal sealed partial class KubernetesTargetDriver
{
    public async Task<TargetStatus> GetStatusAsync(TargetContext target, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var session = new TargetSession(target, time, policy);
        var settings = session.Settings;
        var workload = await session.ReadWorkloadAsync(cancellationToken);
        var slots = await session.ResolveSlotsAsync(workload, cancellationToken);
        var canary = await session.Api.TryReadDeploymentAsync(settings.CanaryDeployment, cancellationToken);
        var weights = canary is not null && session.Router is not null ? await session.Router.ReadAsync(cancellationToken) : default(RouteWeights);

        var idle = slots.Idle is { } i && Workloads.ReplicasOf(i) > 0 ? i : null;
        var role = Workloads.RoleOf(idle);
        var running = new[] { slots.Live, canary, idle }.OfType<V1Deployment>().ToList();
        var ready = running.All(Workloads.IsRolledOut);
        var liveAvailable = slots.Live.Status?.AvailableReplicas ?? 0;
        var failure = running.Select(Workloads.FailureOf).FirstOrDefault(f => f is not null);
        var health = failure is not null || (liveAvailable == 0 && Workloads.ReplicasOf(slots.Live) > 0)
            ? TargetHealth.Unhealthy
            : ready ? TargetHealth.Healthy : TargetHealth.Degraded;

        return new TargetStatus
        {
            StableVersion = Workloads.VersionOf(slots.Live, settings),
            CanaryVersion = Workloads.VersionOf(canary, settings),
            CanaryWeight = weights.CanaryWeight,
            PreviewVersion = role == Workloads.PreviewRole ? Workloads.VersionOf(idle, settings) : null,
            PreviousVersion = role == Workloads.PreviousRole ? Workloads.VersionOf(idle, settings) : null,
            Ready = ready,
            Health = health,
            Detail = failure ?? string.Join("; ", running.Select(d => Describe(d, slots, canary, weights, settings))),
        };
    }

    private static string Describe(V1Deployment deployment, Slots slots, V1Deployment? canary, RouteWeights weights, Settings.KubernetesSettings settings)
    {
        var version = Workloads.VersionOf(deployment, settings) ?? "(untagged)";
        var what = ReferenceEquals(deployment, slots.Live)
            ? $"stable {version}"
            : ReferenceEquals(deployment, canary)
                ? weights.MirrorPercent > 0 ? $"canary {version} mirroring {weights.MirrorPercent}%" : $"canary {version} at {weights.CanaryWeight}%"
                : $"{Workloads.RoleOf(deployment) ?? "idle"} {version}";
        return $"{what} on {deployment.Metadata.Name} ({Workloads.Progress(deployment)})";
    }
}
