using PortalRelease.Plugins.Sandbox.Ledger;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Sandbox.Fleet;

/// <summary>What a simulated fleet runs at one moment. Immutable: every applied ledger line yields a new state.</summary>
internal sealed record FleetState
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

    /// <summary>The state after an applied ledger line. Lines the driver would never write are ignored.</summary>
    public FleetState After(LedgerEntry entry)
    {
        return entry.Action switch
        {
            LedgerActions.Apply when entry.Cohort == Cohorts.Canary && entry.Version is not null => WithCanary(entry.Version, entry.Weight ?? 0, entry.At),
            LedgerActions.Apply when entry.Cohort == Cohorts.Stable && entry.Version is not null => WithStable(entry.Version, entry.At),
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

    private FleetState RolledBack(string? toVersion, DateTimeOffset at)
    {
        var stable = toVersion ?? Stable;
        var since = stable == Stable ? StableTrafficSince : stable is null ? null : at;
        return new FleetState { Stable = stable, StableTrafficSince = since };
    }
}
