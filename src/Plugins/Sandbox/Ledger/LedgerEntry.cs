namespace PortalRelease.Plugins.Sandbox.Ledger;

/// <summary>
/// One line of a target's action ledger: one call to apply or roll back. For a rollback, <see cref="Version"/>
/// is the version being removed and <see cref="ToVersion"/> the version requested back; cohort and weight are null.
/// </summary>
internal sealed record LedgerEntry
{
    public required DateTimeOffset At { get; init; }

    public required string Key { get; init; }

    /// <summary><see cref="LedgerActions.Apply"/> or <see cref="LedgerActions.Rollback"/>.</summary>
    public required string Action { get; init; }

    public required string ReleaseId { get; init; }

    public string? Version { get; init; }

    public string? Cohort { get; init; }

    public int? Weight { get; init; }

    public string? ToVersion { get; init; }

    /// <summary>The apply's strategy (<see cref="LedgerStrategies"/>); null on lines written before strategies, which were canary.</summary>
    public string? Strategy { get; init; }

    /// <summary>How a rollback returned traffic (<see cref="LedgerRollbackModes"/>); null on apply lines.</summary>
    public string? Mode { get; init; }

    /// <summary><see cref="LedgerOutcomes.Applied"/> or <see cref="LedgerOutcomes.Duplicate"/>.</summary>
    public required string Outcome { get; init; }

    public bool IsApplied => Outcome == LedgerOutcomes.Applied;
}

internal static class LedgerActions
{
    public const string Apply = "apply";
    public const string Rollback = "rollback";
}

internal static class LedgerOutcomes
{
    /// <summary>The call changed the fleet.</summary>
    public const string Applied = "applied";

    /// <summary>The call repeated a key already applied; nothing changed.</summary>
    public const string Duplicate = "duplicate";
}

internal static class LedgerStrategies
{
    public const string Canary = "canary";
    public const string BlueGreen = "blue-green";
    public const string Rolling = "rolling";
    public const string AllAtOnce = "all-at-once";
}

internal static class LedgerRollbackModes
{
    /// <summary>Blue-green inside the warm window: traffic switched back to the previous version, nothing redeployed.</summary>
    public const string SwitchBack = "switch-back";

    /// <summary>The version requested back was deployed again.</summary>
    public const string Redeploy = "redeploy";

    /// <summary>The new version was removed; the stable version kept serving.</summary>
    public const string Remove = "remove";

    /// <summary>The target ran nothing before the release: every cohort of the release's version was removed, no version serves.</summary>
    public const string Clear = "clear";
}
