using System.Text.Json.Nodes;
using k8s.Models;
using PortalRelease.Plugins.Kubernetes.Cluster;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Kubernetes;

internal sealed partial class KubernetesTargetDriver
{
    /// <summary>
    /// Rolling and all-at-once go through the Deployment's own rollout. A Deployment has no partition, so a rolling batch
    /// of w% resumes the rollout and pauses it again (<c>spec.paused</c>, as <c>kubectl rollout pause</c>) once at least
    /// w% of the replicas are updated; the controller's maxSurge decides how far past that it may have gone. 100% (and
    /// all-at-once) resumes it to the end. All-at-once uses whatever strategy the Deployment declares (Recreate replaces
    /// every pod in one step).
    /// </summary>
    private static async Task<string> RolloutAsync(TargetSession session, V1Deployment workload, ApplyRequest request, CancellationToken cancellationToken)
    {
        var slots = await session.ResolveSlotsAsync(workload, cancellationToken);
        if (request.Strategy == DeploymentStrategy.AllAtOnce || request.Weight == 100)
        {
            var live = await RollOutAsync(session, slots.Live, request, cancellationToken);
            var removed = await RemoveCanaryAsync(session, cancellationToken);
            return $"Rolled out {request.Version} to every replica of Deployment {live.Metadata.Name} ({Workloads.Progress(live)})"
                + (removed ? "; the canary was removed." : ".");
        }

        var replicas = Workloads.ReplicasOf(slots.Live);
        var wanted = (int)Math.Ceiling(replicas * request.Weight / 100.0);
        var change = new DeploymentChange { Image = Workloads.ImageFor(session.Settings, request.Version), ReleaseId = request.ReleaseId, Paused = false };
        var resumed = await ChangeAsync(session, slots.Live.Metadata.Name, change, cancellationToken);
        var reached = await session.Watcher.WaitAsync(
            resumed,
            d => (d.Status?.ObservedGeneration ?? 0) >= (d.Metadata.Generation ?? 0) && (d.Status?.UpdatedReplicas ?? 0) >= wanted,
            $"Rolling {request.Version} to {request.Weight}%",
            cancellationToken);
        if (!Workloads.IsRolledOut(reached))
        {
            reached = await session.Api.MergePatchDeploymentAsync(reached.Metadata.Name, new JsonObject { ["spec"] = new JsonObject { ["paused"] = true } }, cancellationToken);
        }

        return $"Rolling batch: {reached.Status?.UpdatedReplicas ?? wanted} of {replicas} replicas of Deployment {reached.Metadata.Name} run {request.Version}; the rollout is paused until the next batch.";
    }
}
