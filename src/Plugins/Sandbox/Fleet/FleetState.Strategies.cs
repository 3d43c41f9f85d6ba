using PortalRelease.Plugins.Sandbox.Ledger;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Sandbox.Fleet;

/// <summary>Mirroring, blue-green and rolling moves (the meaning of each cohort is <see cref="DeploymentStrategy"/>'s).</summary>
internal sealed partial record FleetState
{
    private FleetState AfterStrategy(LedgerEntry entry)
    {
        var version = entry.Version!;
        var weight = entry.Weight ?? 0;
        return (entry.Strategy, entry.Cohort) switch
        {
            (LedgerStrategies.BlueGreen, Cohorts.Preview) => this with { Preview = version, NewTrafficSince = Preview == version ? NewTrafficSince : entry.At },
            (LedgerStrategies.BlueGreen, Cohorts.Stable) => SwitchTo(version, entry.At),
            (LedgerStrategies.BlueGreen, Cohorts.Previous) => this with { Previous = null },
            (LedgerStrategies.Rolling, Cohorts.Stable) when weight >= 100 => WithStable(version, entry.At),
            (LedgerStrategies.Rolling, Cohorts.Stable) => this with
            {
                Rolling = version,
                RollingPercent = weight,
                NewTrafficSince = Rolling == version ? NewTrafficSince ?? entry.At : entry.At,
            },
            (LedgerStrategies.AllAtOnce, Cohorts.Stable) => WithStable(version, entry.At),
            _ => this,
        };
    }

    private FleetState WithMirror(string version, int weight, DateTimeOffset at) =>
        this with { Mirror = weight > 0 ? version : null, MirrorWeight = weight, NewTrafficSince = Mirror == version ? NewTrafficSince : at };

    /// <summary>Blue-green switch: the preview takes all traffic, the old stable stays running as the previous version.</summary>
    private FleetState SwitchTo(string version, DateTimeOffset at)
    {
        if (Stable == version)
        {
            return this with { Preview = null, Switched = true };
        }
        var since = Preview == version ? NewTrafficSince : at;
        return new FleetState { Stable = version, StableTrafficSince = since ?? at, Previous = Stable, Switched = true };
    }

    /// <summary>Blue-green rollback while the previous version is warm: traffic returns to it, nothing is redeployed.</summary>
    private FleetState SwitchedBack(DateTimeOffset at) =>
        new() { Stable = Previous, StableTrafficSince = at };

    /// <summary>The release's new version, its share of traffic (mirrored, synthetic or live) and since when, whichever strategy placed it.</summary>
    public (string? Version, int Share, DateTimeOffset? Since) NewVersionTraffic() =>
        Canary is not null ? (Canary, CanaryWeight, CanaryTrafficSince)
        : Mirror is not null ? (Mirror, MirrorWeight, NewTrafficSince)
        : Preview is not null ? (Preview, PreviewTestShare, NewTrafficSince)
        : Rolling is not null ? (Rolling, RollingPercent, NewTrafficSince)
        : Switched ? (Stable, 100, StableTrafficSince)
        : (null, 0, null);

    /// <summary>Blue-green: the stable version got all traffic by a switch, so it is the release's new version (post-promotion analysis measures it).</summary>
    public bool Switched { get; init; }

    /// <summary>The share of live traffic the stable version still serves.</summary>
    public int StableShare => 100 - (Canary is null ? 0 : CanaryWeight) - (Rolling is null ? 0 : RollingPercent);

    /// <summary>The share of synthetic test traffic a blue-green preview receives, so pre-promotion analysis has data.</summary>
    public const int PreviewTestShare = 10;
}
