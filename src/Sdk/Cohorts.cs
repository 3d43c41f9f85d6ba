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
}
