using PortalRelease.Plugins.Sandbox.Fleet;
using PortalRelease.Plugins.Sandbox.Ledger;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Sandbox;

/// <summary>Which cohorts each strategy accepts, and how the sandbox words its moves for the release timeline.</summary>
internal static class StrategyMoves
{
    /// <summary>The ledger name of the request's strategy; a cohort the strategy does not use is a <see cref="DriverException"/>.</summary>
    public static string Check(ApplyRequest request)
    {
        var (strategy, cohorts) = request.Strategy switch
        {
            DeploymentStrategy.Canary => (LedgerStrategies.Canary, new[] { Cohorts.Canary, Cohorts.Mirror, Cohorts.Stable }),
            DeploymentStrategy.BlueGreen => (LedgerStrategies.BlueGreen, [Cohorts.Preview, Cohorts.Stable, Cohorts.Previous]),
            DeploymentStrategy.Rolling => (LedgerStrategies.Rolling, [Cohorts.Stable]),
            DeploymentStrategy.AllAtOnce => (LedgerStrategies.AllAtOnce, [Cohorts.Stable]),
            _ => throw new DriverException($"Unknown deployment strategy {(int)request.Strategy}: the sandbox supports canary, blue-green, rolling and all-at-once."),
        };
        if (!cohorts.Contains(request.Cohort, StringComparer.Ordinal))
        {
            throw new DriverException($"Unknown cohort '{request.Cohort}' for the {strategy} strategy: the sandbox applies it to {string.Join(", ", cohorts.Select(c => $"'{c}'"))}.");
        }
        var exact = request.Strategy switch
        {
            DeploymentStrategy.BlueGreen when request.Cohort == Cohorts.Stable => 100,
            DeploymentStrategy.BlueGreen => 0,
            DeploymentStrategy.AllAtOnce => 100,
            _ => (int?)null,
        };
        if (exact is { } weight && request.Weight != weight)
        {
            throw new DriverException($"The {strategy} strategy applies cohort '{request.Cohort}' at weight {weight}, not {request.Weight}.");
        }
        return strategy;
    }

    public static string DescribeApply(LedgerEntry entry) => (entry.Strategy ?? LedgerStrategies.Canary, entry.Cohort) switch
    {
        (LedgerStrategies.BlueGreen, Cohorts.Preview) => $"Deployed {entry.Version} as the preview (no live traffic)",
        (LedgerStrategies.BlueGreen, Cohorts.Stable) => $"Switched all traffic to {entry.Version}; the previous version keeps running",
        (LedgerStrategies.BlueGreen, Cohorts.Previous) => "Retired the previous version",
        (LedgerStrategies.Rolling, _) when entry.Weight >= 100 => $"Replaced every instance with {entry.Version}",
        (LedgerStrategies.Rolling, _) => $"Replaced {entry.Weight}% of instances with {entry.Version}",
        (LedgerStrategies.AllAtOnce, _) => $"Replaced every instance with {entry.Version} at once",
        (_, Cohorts.Mirror) => $"Mirrored {entry.Weight}% of traffic to {entry.Version} (responses discarded)",
        (_, Cohorts.Stable) => $"Promoted {entry.Version} to stable",
        _ => $"Routed {entry.Weight}% of traffic to canary {entry.Version}",
    };

    public static string DescribeRollback(LedgerEntry entry) => entry.Mode switch
    {
        LedgerRollbackModes.SwitchBack => $"Switched traffic back from {entry.Version ?? "(none)"} to the warm previous version; nothing redeployed",
        LedgerRollbackModes.Redeploy => $"Rolled back {entry.Version ?? "(none)"}: redeployed {entry.ToVersion}",
        LedgerRollbackModes.Clear => $"Rolled back {entry.Version ?? "(none)"} to nothing: the target ran no version before, so every cohort of {entry.Version ?? "it"} was removed",
        _ => $"Rolled back {entry.Version ?? "(none)"} to {entry.ToVersion ?? "the current stable version"}",
    };

    /// <summary>
    /// Before any version became stable the target has none to name: the sandbox still simulates the rest of the
    /// traffic (the stable cohort's metrics) on a baseline backend that has no version, so say that, not "Stable (none)".
    /// </summary>
    private static string FirstDeploy(FleetState state) => state.Canary is not null
        ? $"No stable version yet (first deploy): canary {state.Canary} serves {state.CanaryWeight}%, the other {state.StableShare}% go to the sandbox's unversioned baseline backend."
        : state.Rolling is not null
            ? $"No stable version yet (first deploy): the other {state.StableShare}% of instances are the sandbox's unversioned baseline backend."
            : "No stable version yet (first deploy): the sandbox's unversioned baseline backend serves all traffic.";

    public static string Describe(FleetState state)
    {
        var parts = new List<string>
        {
            state.Stable is null ? FirstDeploy(state)
            : state.Canary is not null
                ? $"Stable {state.Stable} serves {state.StableShare}%, canary {state.Canary} serves {state.CanaryWeight}%."
                : state.Rolling is not null
                    ? $"Stable {state.Stable} serves {state.StableShare}%."
                    : $"Stable {state.Stable} serves all traffic.",
        };
        if (state.Rolling is not null)
        {
            parts.Add($"{state.RollingPercent}% of instances run {state.Rolling}.");
        }
        if (state.Mirror is not null)
        {
            parts.Add($"{state.Mirror} receives a mirrored {state.MirrorWeight}%.");
        }
        if (state.Preview is not null)
        {
            parts.Add($"Preview {state.Preview} is deployed (no live traffic).");
        }
        if (state.Previous is not null)
        {
            parts.Add($"Previous {state.Previous} is kept warm.");
        }
        return string.Join(" ", parts);
    }
}
