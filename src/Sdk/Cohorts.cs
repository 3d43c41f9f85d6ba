namespace PortalRelease.Sdk;

/// <summary>The cohort names the portal uses when it applies versions and queries metrics.</summary>
public static class Cohorts
{
    /// <summary>The instances serving the current, known-good version.</summary>
    public const string Stable = "stable";

    /// <summary>The instances serving the new version under test.</summary>
    public const string Canary = "canary";

    /// <summary>Stable instances measured side by side with the canary, for comparison.</summary>
    public const string Baseline = "baseline";

    /// <summary>Blue-green: the new version deployed beside the live one, serving no live traffic until the switch.</summary>
    public const string Preview = "preview";

    /// <summary>Blue-green: the version that served before the switch, kept running so a rollback is instant; weight 0 retires it.</summary>
    public const string Previous = "previous";

    /// <summary>Canary with traffic mirroring: the new version receives a copy of the given share of live traffic; its responses are discarded.</summary>
    public const string Mirror = "mirror";
}
