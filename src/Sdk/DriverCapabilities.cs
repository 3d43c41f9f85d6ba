namespace PortalRelease.Sdk;

/// <summary>What a target driver can do. Templates are checked against these at import.</summary>
[Flags]
public enum DriverCapabilities
{
    /// <summary>Nothing beyond status.</summary>
    None = 0,

    /// <summary>Routes a percentage of traffic to a canary cohort.</summary>
    WeightedCanary = 1,

    /// <summary>Runs two full environments and switches between them.</summary>
    BlueGreen = 2,

    /// <summary>Replaces instances in batches.</summary>
    Rolling = 4,

    /// <summary>Replaces everything at once.</summary>
    AllAtOnce = 8,

    /// <summary>Copies live traffic to the canary without serving its responses.</summary>
    TrafficMirroring = 16,

    /// <summary>Can return to a previous version.</summary>
    Rollback = 32,
}
