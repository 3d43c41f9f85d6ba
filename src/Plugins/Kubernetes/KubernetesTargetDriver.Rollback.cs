using k8s.Models;
using PortalRelease.Plugins.Kubernetes.Cluster;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Kubernetes;

internal sealed partial class KubernetesTargetDriver
{
    /// <summary>
    /// Rollback, whatever the strategy got to: a blue-green switch is switched back (the kept slot is scaled up again if
    /// it had been retired) and an unswitched preview is scaled to 0; the canary leaves the route and is deleted; a live
    /// Deployment that runs the rolled-back version gets its previous image again (from its annotation, so it survives
    /// a portal crash) and is resumed if a rolling batch had paused it.
    /// A rollback to nothing (no <see cref="RollbackRequest.ToVersion"/>: the status named no version before the release)
    /// restores the image recorded before the release, whose tag named no version; the driver never deletes or scales
    /// down a workload the operator owns, so when no earlier image is recorded it refuses before changing anything.
    /// </summary>
    private static async Task<string> RestoreAsync(TargetSession session, V1Deployment workload, RollbackRequest request, CancellationToken cancellationToken)
    {
        var done = new List<string>();
        var slots = await session.ResolveSlotsAsync(workload, cancellationToken);
        var live = slots.Live;
        if (request.ToVersion is null && Workloads.VersionOf(live, session.Settings) == request.FromVersion && Workloads.PreviousOf(live) is null)
        {
            throw new DriverException(
                $"Cannot roll back Deployment {live.Metadata.Name} to nothing: it runs {request.FromVersion} and no earlier image is recorded on it, and the driver "
                + "does not delete or scale down a workload it did not create. Set its image by hand, then roll back again.");
        }
        if (session.Settings.StableService is { } service && slots.Green is not null && slots.Idle is { } idle)
        {
            var liveVersion = Workloads.VersionOf(slots.Live, session.Settings);
            var idleVersion = Workloads.VersionOf(idle, session.Settings);
            if (liveVersion == request.FromVersion && request.ToVersion is not null && idleVersion == request.ToVersion)
            {
                var back = await ChangeAsync(session, idle.Metadata.Name, new DeploymentChange { Replicas = Workloads.ReplicasOf(slots.Live), Paused = false, ClearRole = true }, cancellationToken);
                back = await session.WaitRolledOutAsync(back, $"Switching back to {request.ToVersion}", cancellationToken);
                await SelectAsync(session, service, back.Spec.Selector.MatchLabels, cancellationToken);
                await ChangeAsync(session, slots.Live.Metadata.Name, new DeploymentChange { Replicas = 0, ClearRole = true }, cancellationToken);
                done.Add($"Switched Service {service} back to Deployment {back.Metadata.Name} running {request.ToVersion}; {slots.Live.Metadata.Name} ({request.FromVersion}) scaled to 0.");
                live = back;
            }
            else if (idleVersion == request.FromVersion && Workloads.ReplicasOf(idle) > 0)
            {
                await ChangeAsync(session, idle.Metadata.Name, new DeploymentChange { Replicas = 0, ClearRole = true }, cancellationToken);
                done.Add($"Preview {request.FromVersion} on Deployment {idle.Metadata.Name} scaled to 0.");
            }
        }

        if (await RemoveCanaryAsync(session, cancellationToken))
        {
            done.Add($"Canary {request.FromVersion} removed; all traffic to stable.");
        }

        if (Workloads.VersionOf(live, session.Settings) == request.FromVersion && RestoreImage(live, request, session) is { } image)
        {
            var change = new DeploymentChange { Image = image, Paused = false };
            var restored = await ChangeAsync(session, live.Metadata.Name, change, cancellationToken);
            restored = await session.WaitRolledOutAsync(restored, $"Rolling back to {request.ToVersion ?? image}", cancellationToken);
            done.Add($"Deployment {restored.Metadata.Name} runs {Workloads.VersionOf(restored, session.Settings) ?? image} again ({Workloads.Progress(restored)}).");
        }

        return done.Count > 0
            ? string.Join(" ", done)
            : $"Nothing ran {request.FromVersion}: Deployment {live.Metadata.Name} still runs {Workloads.VersionOf(live, session.Settings) ?? "(untagged)"}.";
    }

    /// <summary>The image to return to: the recorded previous one when it is the version asked for, else that version's tag.</summary>
    private static string? RestoreImage(V1Deployment live, RollbackRequest request, TargetSession session)
    {
        var previous = Workloads.PreviousOf(live);
        if (request.ToVersion is null)
        {
            return previous?.Image;
        }

        return previous is not null && previous.Version == request.ToVersion ? previous.Image : Workloads.ImageFor(session.Settings, request.ToVersion);
    }
}
