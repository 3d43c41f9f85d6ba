using PortalRelease.Plugins.Sandbox.Ledger;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Sandbox.Fleet;

/// <summary>What a simulated fleet runs at one moment. Immutable: every applied ledger line yields a new state.</summary>
internal sealed partial record FleetState
{
    /// <summary>A target nothing was ever applied to.</summary>
    public static FleetState Empty { get; } = new();

    /// <summary>The version serving the stable cohort; <c>null</c> before the first promotion.</summary>
    public string? Stable { get; init; }

    /// <summary>When <see cref="Stable"/> first received traffic (its canary start if it was promoted from canary); drives the fault delay.</summary>
    public DateTimeOffset? StableTrafficSince { get; init; }

    /// <summary>The version serving the canary cohort, if any.</summary>
    public string? Canary { get; init; }

    /// <summary>The canary's share of traffic, 0 to 100.</summary>
    public int CanaryWeight { get; init; }

    /// <summary>When <see cref="Canary"/> first received traffic (weight above 0); drives the fault delay.</summary>
    public DateTimeOffset? CanaryTrafficSince { get; init; }

    /// <summary>Canary with mirroring: the version receiving a copy of <see cref="MirrorWeight"/> percent of live traffic.</summary>
    public string? Mirror { get; init; }

    public int MirrorWeight { get; init; }

    /// <summary>Blue-green: the version deployed beside stable, serving only synthetic test traffic until the switch.</summary>
    public string? Preview { get; init; }

    /// <summary>Blue-green: the version that served before the switch, still running so a rollback is a switch back.</summary>
    public string? Previous { get; init; }

    /// <summary>Rolling: the version the replaced instances run, and the percentage of instances replaced so far.</summary>
    public string? Rolling { get; init; }

    public int RollingPercent { get; init; }

    /// <summary>When the new version of a mirror, preview or rolling rollout first received traffic; drives the fault delay.</summary>
    public DateTimeOffset? NewTrafficSince { get; init; }

    /// <summary>The state after an applied ledger line. Lines the driver would never write are ignored.</summary>
    public FleetState After(LedgerEntry entry)
    {
        return entry.Action switch
        {
            LedgerActions.Apply when entry.Version is null => this,
            LedgerActions.Apply when entry.Strategy is not null && entry.Strategy != LedgerStrategies.Canary => AfterStrategy(entry),
            LedgerActions.Apply when entry.Cohort == Cohorts.Canary => WithCanary(entry.Version, entry.Weight ?? 0, entry.At),
            LedgerActions.Apply when entry.Cohort == Cohorts.Mirror => WithMirror(entry.Version, entry.Weight ?? 0, entry.At),
            LedgerActions.Apply when entry.Cohort == Cohorts.Stable => WithStable(entry.Version, entry.At),
            // By the recorded mode, so a ledger written before rollbacks to nothing cleared the target replays as it happened.
            LedgerActions.Rollback when entry.Mode == LedgerRollbackModes.Clear => Empty,
            LedgerActions.Rollback when Previous is not null && (entry.ToVersion is null || entry.ToVersion == Previous) => SwitchedBack(entry.At),
            LedgerActions.Rollback => RolledBack(entry.ToVersion, entry.At),
            _ => this,
        };
    }

    private FleetState WithCanary(string version, int weight, DateTimeOffset at)
    {
        // The fault clock starts when the version first gets canary traffic and keeps running while it stays canary.
        var since = version == Canary ? CanaryTrafficSince : null;
        if (since is null && weight > 0)
        {
            since = at;
        }

        return this with { Canary = version, CanaryWeight = weight, CanaryTrafficSince = since };
    }

    private FleetState WithStable(string version, DateTimeOffset at)
    {
        // A promoted canary keeps its fault clock: a fault that began during the canary continues on stable.
        var since = version == Stable ? StableTrafficSince
            : version == Canary && CanaryTrafficSince is not null ? CanaryTrafficSince
            : at;
        return new FleetState { Stable = version, StableTrafficSince = since };
    }

    /// <summary>
    /// How a rollback from this state returns traffic: no version at all when the target ran nothing before (the SDK's
    /// meaning of a rollback to no version: keeping the release's version on stable would leave it serving everything),
    /// a switch back when the previous version is still warm, else the new version removed or the old one redeployed.
    /// </summary>
    public string RollbackMode(string? toVersion) =>
        string.IsNullOrEmpty(toVersion) ? LedgerRollbackModes.Clear
        : Previous is not null && toVersion == Previous ? LedgerRollbackModes.SwitchBack
        : toVersion == Stable ? LedgerRollbackModes.Remove
        : LedgerRollbackModes.Redeploy;

    private FleetState RolledBack(string? toVersion, DateTimeOffset at)
    {
        var stable = toVersion ?? Stable;
        var since = stable == Stable ? StableTrafficSince : stable is null ? null : at;
        return new FleetState { Stable = stable, StableTrafficSince = since };
    }
}
