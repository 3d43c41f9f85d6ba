using k8s.Models;
using PortalRelease.Plugins.Kubernetes.Cluster;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Kubernetes;

internal sealed partial class KubernetesTargetDriver
{
    /// <summary>
    /// Blue-green with two slots, the workload and its <c>&lt;workload&gt;-green</c> twin. The preview goes to the slot the
    /// stable Service does not select; the switch points the Service's selector at it, leaving the other slot running (a
    /// rollback switches back); retiring the previous version scales that slot to 0.
    /// </summary>
    private static async Task<string> BlueGreenAsync(TargetSession session, V1Deployment workload, ApplyRequest request, CancellationToken cancellationToken)
    {
        var slots = await session.ResolveSlotsAsync(workload, cancellationToken);
        var service = session.Settings.StableService!;
        switch (request.Cohort)
        {
            case Cohorts.Preview:
            {
                var preview = await DeployIdleAsync(session, slots, request.Version, cancellationToken);
                return $"Preview {request.Version} runs on Deployment {preview.Metadata.Name} ({Workloads.Progress(preview)}), serving no live traffic; Service {service} still selects {slots.Live.Metadata.Name}.";
            }

            case Cohorts.Stable:
            {
                if (Workloads.VersionOf(slots.Live, session.Settings) == request.Version)
                {
                    return $"Service {service} already selects Deployment {slots.Live.Metadata.Name} running {request.Version}.";
                }

                var next = await DeployIdleAsync(session, slots, request.Version, cancellationToken);
                await SelectAsync(session, service, next.Spec.Selector.MatchLabels, cancellationToken);
                await ChangeAsync(session, next.Metadata.Name, new DeploymentChange { ClearRole = true }, cancellationToken);
                await ChangeAsync(session, slots.Live.Metadata.Name, new DeploymentChange { Role = Workloads.PreviousRole }, cancellationToken);
                var previous = Workloads.VersionOf(slots.Live, session.Settings) ?? "(untagged)";
                return $"Switched Service {service} to Deployment {next.Metadata.Name} running {request.Version}; the previous version {previous} keeps running on {slots.Live.Metadata.Name} for an instant rollback.";
            }

            default:
            {
                if (slots.Idle is not { } idle || Workloads.ReplicasOf(idle) == 0)
                {
                    return "No previous version is running; nothing to retire.";
                }

                await ScaleAsync(session, idle.Metadata.Name, 0, cancellationToken);
                return $"Retired the previous version {Workloads.VersionOf(idle, session.Settings)}: Deployment {idle.Metadata.Name} scaled to 0 replicas (kept for its spec).";
            }
        }
    }

    /// <summary>Brings the idle slot to the version at the live slot's size and waits until it is ready.</summary>
    private static async Task<V1Deployment> DeployIdleAsync(TargetSession session, Slots slots, string version, CancellationToken cancellationToken)
    {
        var change = new DeploymentChange
        {
            Image = Workloads.ImageFor(session.Settings, version),
            Replicas = Workloads.ReplicasOf(slots.Live),
            Paused = false,
            Role = Workloads.PreviewRole,
        };
        var idle = slots.GreenIsLive
            ? await ChangeAsync(session, slots.Workload.Metadata.Name, change, cancellationToken)
            : await EnsureDerivedAsync(session, slots.Workload, slots.Live, session.Settings.GreenDeployment, "green", change, cancellationToken);
        return await session.WaitRolledOutAsync(idle, $"Preview {version}", cancellationToken);
    }
}
