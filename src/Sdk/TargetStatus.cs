namespace PortalRelease.Sdk;

/// <summary>The health of a target as its driver reports it.</summary>
public enum TargetHealth
{
    /// <summary>The driver could not tell.</summary>
    Unknown = 0,

    /// <summary>Everything serves as expected.</summary>
    Healthy = 1,

    /// <summary>Serving, but not fully (e.g. some instances not ready).</summary>
    Degraded = 2,

    /// <summary>Not serving.</summary>
    Unhealthy = 3,
}

/// <summary>What a target runs now.</summary>
public sealed class TargetStatus
{
    /// <summary>The version serving the stable cohort, if any.</summary>
    public string? StableVersion { get; init; }

    /// <summary>The version serving the canary cohort, if any.</summary>
    public string? CanaryVersion { get; init; }

    /// <summary>The share of traffic, 0 to 100, the canary receives.</summary>
    public int CanaryWeight { get; init; }

    /// <summary>Blue-green: the version deployed as the preview (not serving live traffic), if any.</summary>
    public string? PreviewVersion { get; init; }

    /// <summary>Blue-green: the version kept running after a switch so a rollback is instant, if any.</summary>
    public string? PreviousVersion { get; init; }

    /// <summary>Whether the last applied change has fully rolled out (instances ready).</summary>
    public bool Ready { get; init; }

    /// <summary>The target's health.</summary>
    public TargetHealth Health { get; init; }

    /// <summary>A short human explanation of the health.</summary>
    public string? Detail { get; init; }
}
