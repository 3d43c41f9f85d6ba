using k8s.Models;
using PortalRelease.Plugins.Kubernetes.Cluster;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Kubernetes;

internal sealed partial class KubernetesTargetDriver
{
    /// <summary>
    /// Canary (or mirror): a <c>&lt;workload&gt;-canary</c> Deployment with the live pod template and the new image, sized to
    /// its share of the live replicas; once it is ready, the canary Service selects it and the route gives it its weight
    /// (or a mirrored copy of that share of requests).
    /// </summary>
    private static async Task<string> CanaryAsync(TargetSession session, V1Deployment workload, ApplyRequest request, CancellationToken cancellationToken)
    {
        var slots = await session.ResolveSlotsAsync(workload, cancellationToken);
        var replicas = Math.Max(1, (int)Math.Ceiling(Workloads.ReplicasOf(slots.Live) * request.Weight / 100.0));
        var change = new DeploymentChange { Image = Workloads.ImageFor(session.Settings, request.Version), Replicas = replicas };
        var canary = await EnsureDerivedAsync(session, workload, slots.Live, session.Settings.CanaryDeployment, "canary", change, cancellationToken);
        await session.WaitRolledOutAsync(canary, $"Canary {request.Version}", cancellationToken);
        await SelectAsync(session, session.Settings.CanaryService!, canary.Spec.Selector.MatchLabels, cancellationToken);

        var stable = Workloads.VersionOf(slots.Live, session.Settings) ?? "(untagged)";
        if (request.Cohort == Cohorts.Mirror)
        {
            await session.Router!.SetAsync(0, request.Weight, cancellationToken);
            return $"Mirroring {request.Weight}% of requests to canary {request.Version} ({replicas} replicas); stable {stable} serves all traffic.";
        }

        await session.Router!.SetAsync(request.Weight, 0, cancellationToken);
        return $"Routed {request.Weight}% of traffic to canary {request.Version} ({replicas} replicas); stable {stable} serves {100 - request.Weight}%.";
    }

    /// <summary>
    /// Promotion: the live Deployment's image becomes the new version (its own rolling update; the image it ran is kept
    /// in an annotation), and once that has rolled out the route returns to stable only and the canary is deleted.
    /// </summary>
    private static async Task<string> PromoteAsync(TargetSession session, V1Deployment workload, ApplyRequest request, CancellationToken cancellationToken)
    {
        var slots = await session.ResolveSlotsAsync(workload, cancellationToken);
        var live = await RollOutAsync(session, slots.Live, request, cancellationToken);
        var removed = await RemoveCanaryAsync(session, cancellationToken);
        return $"Promoted {request.Version} to stable on Deployment {live.Metadata.Name} ({Workloads.Progress(live)})"
            + (removed ? "; the canary was removed." : ".");
    }

    /// <summary>Sets the live Deployment's image (unpaused) and waits on a watch until every replica runs it.</summary>
    private static async Task<V1Deployment> RollOutAsync(TargetSession session, V1Deployment live, ApplyRequest request, CancellationToken cancellationToken)
    {
        var change = new DeploymentChange { Image = Workloads.ImageFor(session.Settings, request.Version), ReleaseId = request.ReleaseId, Paused = false };
        var updated = await ChangeAsync(session, live.Metadata.Name, change, cancellationToken);
        return await session.WaitRolledOutAsync(updated, $"Rolling out {request.Version}", cancellationToken);
    }
}
