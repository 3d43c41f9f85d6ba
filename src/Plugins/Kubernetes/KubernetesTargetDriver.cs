using System.Text.Json;
using k8s.Models;
using PortalRelease.Plugins.Kubernetes.Cluster;
using PortalRelease.Plugins.Kubernetes.Settings;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Kubernetes;

/// <summary>
/// Deploys versions to a Kubernetes Deployment. Each call reads the cluster afresh (nothing is cached between calls),
/// changes it under optimistic concurrency, waits for rollouts on a watch, and records its idempotency key in an
/// annotation on the workload Deployment, so a repeated key is recognised even after a portal crash or on another node.
/// </summary>
internal sealed partial class KubernetesTargetDriver(TimeProvider time, IHostPolicy policy) : ITargetDriver, ILongRunningDriver
{
    /// <summary>
    /// What a call needs beyond its rollout waits: reading and writing the objects, conflict and throttling retries
    /// (Retry-After is honoured up to 30 s), deleting the canary and recording the key.
    /// </summary>
    public static readonly TimeSpan CallMargin = TimeSpan.FromMinutes(2);

    private readonly TargetLocks _locks = new();

    public string Kind => KubernetesPlugin.Kind;

    public string DisplayName => "Kubernetes";

    public DriverCapabilities Capabilities =>
        DriverCapabilities.WeightedCanary | DriverCapabilities.TrafficMirroring | DriverCapabilities.BlueGreen
        | DriverCapabilities.Rolling | DriverCapabilities.AllAtOnce | DriverCapabilities.Rollback;

    public string SettingsSchema => KubernetesSettingsSchema.Json;

    /// <summary>
    /// An apply or rollback waits for its rollout on a watch, up to the target's <c>rolloutTimeoutSeconds</c> in all
    /// (<see cref="RolloutWatcher"/>): the portal must not cut the call at its own, shorter, per-call timeout.
    /// </summary>
    public TimeSpan GetCallBudget(TargetContext target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return TimeSpan.FromSeconds(KubernetesSettingsReader.RolloutTimeoutSeconds(target.Settings)) + CallMargin;
    }

    public ValueTask<IReadOnlyList<SettingsError>> ValidateSettingsAsync(JsonElement settings, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var errors = new List<SettingsError>();
        KubernetesSettingsReader.Read(settings, null, policy, errors);
        return ValueTask.FromResult<IReadOnlyList<SettingsError>>(errors);
    }

    public async Task<ApplyResult> ApplyAsync(TargetContext target, ApplyRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var move = ApplyMove.From(request);
        using var session = new TargetSession(target, time, policy);
        move.CheckSettings(session.Settings);

        return await UnderKeyAsync(session, request.IdempotencyKey, async workload => move.Strategy switch
        {
            DeploymentStrategy.BlueGreen => await BlueGreenAsync(session, workload, request, cancellationToken),
            DeploymentStrategy.Rolling or DeploymentStrategy.AllAtOnce => await RolloutAsync(session, workload, request, cancellationToken),
            _ => request.Cohort == Cohorts.Stable
                ? await PromoteAsync(session, workload, request, cancellationToken)
                : await CanaryAsync(session, workload, request, cancellationToken),
        }, cancellationToken);
    }

    public async Task<ApplyResult> RollbackAsync(TargetContext target, RollbackRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        ApplyMove.RequireText(request.IdempotencyKey, "idempotency key");
        ApplyMove.RequireText(request.FromVersion, "version to roll back from");
        if (request.ToVersion is not null)
        {
            ApplyMove.CheckVersion(request.ToVersion);
        }

        using var session = new TargetSession(target, time, policy);
        return await UnderKeyAsync(session, request.IdempotencyKey, workload => RestoreAsync(session, workload, request, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Runs an action once per key: a key found in the workload's annotation is AlreadyApplied; otherwise the action
    /// runs and the key is recorded after it. The action's writes are each idempotent (they set a state, not a delta),
    /// so a call cut short before the key was recorded is safely re-issued with the same key.
    /// </summary>
    private async Task<ApplyResult> UnderKeyAsync(TargetSession session, string key, Func<V1Deployment, Task<string>> action, CancellationToken cancellationToken)
    {
        using var held = await _locks.AcquireAsync($"{session.Settings.Server}|{session.Settings.Namespace}/{session.Settings.Workload}|{session.Name}", cancellationToken);
        var workload = await session.ReadWorkloadAsync(cancellationToken);
        if (Workloads.HasKey(workload, key))
        {
            return ApplyResult.AlreadyApplied($"Key '{key}' was already applied to Deployment {session.Settings.Namespace}/{session.Settings.Workload}; nothing changed.");
        }

        var detail = await action(workload);
        await session.Api.UpdateDeploymentAsync(session.Settings.Workload, d => Workloads.AddKey(d, key), cancellationToken);
        return ApplyResult.Applied(detail);
    }
}
