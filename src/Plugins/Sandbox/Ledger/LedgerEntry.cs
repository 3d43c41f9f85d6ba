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
