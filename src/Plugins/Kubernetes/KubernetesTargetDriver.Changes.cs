using System.Text.Json.Nodes;
using k8s.Models;
using PortalRelease.Plugins.Kubernetes.Cluster;

namespace PortalRelease.Plugins.Kubernetes;

internal sealed partial class KubernetesTargetDriver
{
    /// <summary>What to change on a Deployment; null fields are left as they are.</summary>
    private sealed record DeploymentChange
    {
        public string? Image { get; init; }

        /// <summary>Recorded in the previous-spec annotation when the image changes, for a rollback after a crash.</summary>
        public string? ReleaseId { get; init; }

        public int? Replicas { get; init; }

        public bool? Paused { get; init; }

        /// <summary>Sets (or, with <see cref="ClearRole"/>, removes) the blue-green role annotation.</summary>
        public string? Role { get; init; }

        public bool ClearRole { get; init; }
    }

    /// <summary>Applies a change with PUT under the read resourceVersion; writes nothing when the Deployment already matches.</summary>
    private static Task<V1Deployment> ChangeAsync(TargetSession session, string name, DeploymentChange change, CancellationToken cancellationToken) =>
        session.Api.UpdateDeploymentAsync(name, deployment =>
        {
            var changed = false;
            var container = Workloads.ContainerOf(deployment, session.Settings);
            if (change.Image is { } image && container.Image != image)
            {
                if (change.ReleaseId is not null && container.Image is not null)
                {
                    Workloads.SetPrevious(deployment, new PreviousSpec(Workloads.VersionOf(deployment, session.Settings), container.Image, change.ReleaseId));
                }

                container.Image = image;
                changed = true;
            }

            if (change.Replicas is { } replicas && Workloads.ReplicasOf(deployment) != replicas)
            {
                deployment.Spec.Replicas = replicas;
                changed = true;
            }

            if (change.Paused is { } paused && (deployment.Spec.Paused ?? false) != paused)
            {
                deployment.Spec.Paused = paused;
                changed = true;
            }

            if (change.Role is not null || change.ClearRole)
            {
                changed |= Workloads.SetRole(deployment, change.Role);
            }

            return changed;
        }, cancellationToken);

    /// <summary>Creates a Deployment derived from the workload (canary, green slot), or brings the existing one to the change.</summary>
    private static async Task<V1Deployment> EnsureDerivedAsync(
        TargetSession session, V1Deployment workload, V1Deployment template, string name, string suffix, DeploymentChange change, CancellationToken cancellationToken)
    {
        var existing = await session.Api.TryReadDeploymentAsync(name, cancellationToken);
        if (existing is not null)
        {
            return await ChangeAsync(session, name, change with { Paused = false }, cancellationToken);
        }

        var created = Workloads.Derive(workload, template, name, suffix, change.Image!, change.Replicas ?? Workloads.ReplicasOf(template), session.Settings);
        if (change.Role is not null)
        {
            Workloads.SetRole(created, change.Role);
        }

        try
        {
            return await session.Api.CreateDeploymentAsync(created, cancellationToken);
        }
        catch (ConflictException)
        {
            // 409 on create: AlreadyExists (another node created it in between): bring that one to the change instead.
            return await ChangeAsync(session, name, change with { Paused = false }, cancellationToken);
        }
    }

    /// <summary>Points a Service's selector at exactly the given labels (PUT under resourceVersion).</summary>
    private static Task<V1Service> SelectAsync(TargetSession session, string service, IDictionary<string, string> selector, CancellationToken cancellationToken) =>
        session.Api.UpdateServiceAsync(service, s =>
        {
            if (TargetSession.SameLabels(s.Spec.Selector, selector))
            {
                return false;
            }

            s.Spec.Selector = new Dictionary<string, string>(selector, StringComparer.Ordinal);
            return true;
        }, cancellationToken);

    /// <summary>Scales a Deployment with a JSON merge patch: only replicas change, whatever else was written meanwhile.</summary>
    private static Task<V1Deployment> ScaleAsync(TargetSession session, string name, int replicas, CancellationToken cancellationToken) =>
        session.Api.MergePatchDeploymentAsync(name, new JsonObject { ["spec"] = new JsonObject { ["replicas"] = replicas } }, cancellationToken);

    /// <summary>Removes the canary's route share and its Deployment; true when a canary Deployment was there.</summary>
    private static async Task<bool> RemoveCanaryAsync(TargetSession session, CancellationToken cancellationToken)
    {
        if (session.Router is not null)
        {
            await session.Router.ClearAsync(cancellationToken);
        }

        return await session.Api.DeleteDeploymentAsync(session.Settings.CanaryDeployment, cancellationToken);
    }
}
