namespace PortalRelease.Sdk;

/// <summary>A request to return a target to a previous version.</summary>
public sealed class RollbackRequest
{
    /// <summary>The release being rolled back.</summary>
    public required string ReleaseId { get; init; }

    /// <summary>The version the release was deploying (to be removed).</summary>
    public required string FromVersion { get; init; }

    /// <summary>
    /// The version to return all traffic to. <c>null</c> (or empty) means the target ran nothing before the release:
    /// its status named no stable version when the release began. The driver must then remove the release's version
    /// entirely — remove its canary, take it off the stable cohort (scale it to zero, delete what the release created,
    /// deactivate it) — so that afterwards <see cref="ITargetDriver.GetStatusAsync"/> reports no current version
    /// (<see cref="TargetStatus.StableVersion"/> and <see cref="TargetStatus.CanaryVersion"/> both <c>null</c>).
    /// Keeping the release's version, or any other version, on stable is never a rollback to nothing. A driver that
    /// cannot leave its target without a version must throw a <see cref="DriverException"/> saying so: the portal then
    /// reports the release as failed and not rolled back, never as rolled back.
    /// </summary>
    public string? ToVersion { get; init; }

    /// <summary>Unique per intended action; a repeated key must not be applied twice.</summary>
    public required string IdempotencyKey { get; init; }
}
