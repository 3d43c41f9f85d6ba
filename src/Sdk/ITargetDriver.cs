using System.Text.Json;

namespace PortalRelease.Sdk;

/// <summary>
/// Deploys versions to one kind of target (a Kubernetes workload, a serverless function, a CDN configuration…).
/// One instance serves every configured target of its kind; each call names the target it is for.
/// Every method may be called again after a portal crash: implementations must be idempotent on
/// <see cref="ApplyRequest.IdempotencyKey"/> and <see cref="RollbackRequest.IdempotencyKey"/>.
/// Failures are reported by throwing <see cref="DriverException"/>.
/// </summary>
public interface ITargetDriver
{
    /// <summary>The kind this driver serves, e.g. <c>kubernetes</c>; lower-case with dashes.</summary>
    string Kind { get; }

    /// <summary>A human name for the kind, e.g. "Kubernetes".</summary>
    string DisplayName { get; }

    /// <summary>What the driver can do; templates that need more are rejected at import.</summary>
    DriverCapabilities Capabilities { get; }

    /// <summary>A JSON Schema (draft 2020-12) describing a target's settings; the portal generates its form from it.</summary>
    string SettingsSchema { get; }

    /// <summary>Checks a target's settings without contacting the target.</summary>
    /// <param name="settings">The settings object as the operator entered it.</param>
    /// <param name="cancellationToken">Cancels the validation.</param>
    /// <returns>Every problem found; empty when the settings are valid.</returns>
    ValueTask<IReadOnlyList<SettingsError>> ValidateSettingsAsync(JsonElement settings, CancellationToken cancellationToken);

    /// <summary>
    /// Routes <see cref="ApplyRequest.Weight"/> percent of traffic to <see cref="ApplyRequest.Version"/> in the
    /// requested cohort. A second call with the same idempotency key must not apply anything again and returns
    /// <see cref="ApplyOutcome.AlreadyApplied"/>.
    /// </summary>
    /// <param name="target">The target to act on.</param>
    /// <param name="request">What to apply.</param>
    /// <param name="cancellationToken">Cancels the call; the portal then treats the action as not confirmed and may re-issue it with the same key.</param>
    Task<ApplyResult> ApplyAsync(TargetContext target, ApplyRequest request, CancellationToken cancellationToken);

    /// <summary>Reads what the target runs now and how healthy it is.</summary>
    /// <param name="target">The target to read.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<TargetStatus> GetStatusAsync(TargetContext target, CancellationToken cancellationToken);

    /// <summary>
    /// Returns all traffic to <see cref="RollbackRequest.ToVersion"/> and removes the release's canary. Idempotent on the key.
    /// When <see cref="RollbackRequest.ToVersion"/> is <c>null</c> the target ran nothing before the release: the driver removes
    /// the release's version entirely, so the status reports no current version, or throws <see cref="DriverException"/> when it
    /// cannot. The portal reads <see cref="GetStatusAsync"/> after every rollback and reports the release rolled back only when the
    /// release's version no longer serves.
    /// </summary>
    /// <param name="target">The target to act on.</param>
    /// <param name="request">What to roll back to.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<ApplyResult> RollbackAsync(TargetContext target, RollbackRequest request, CancellationToken cancellationToken);
}
