namespace PortalRelease.Sdk;

/// <summary>A request to route a share of traffic to a version.</summary>
public sealed class ApplyRequest
{
    /// <summary>The release on whose behalf the action runs.</summary>
    public required string ReleaseId { get; init; }

    /// <summary>The version to run, e.g. <c>1.4.2</c>.</summary>
    public required string Version { get; init; }

    /// <summary>The cohort to apply to: <see cref="Cohorts.Canary"/> while verifying, <see cref="Cohorts.Stable"/> to promote.</summary>
    public required string Cohort { get; init; }

    /// <summary>The share of traffic, 0 to 100, the version should receive.</summary>
    public required int Weight { get; init; }

    /// <summary>Unique per intended action; a repeated key must not be applied twice.</summary>
    public required string IdempotencyKey { get; init; }

    /// <summary>How the release moves the target; tells what <see cref="Cohort"/> and <see cref="Weight"/> mean. Canary when not set.</summary>
    public DeploymentStrategy Strategy { get; init; } = DeploymentStrategy.Canary;
}
