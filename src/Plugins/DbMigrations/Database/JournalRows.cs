namespace PortalRelease.Plugins.DbMigrations.Database;

/// <summary>One migration file run against the database: a row of <c>portal_schema_journal</c>.</summary>
internal sealed record JournalRow(long Id, string Version, string File, string Phase, string Checksum, string AppliedAt, string IdempotencyKey, string ReleaseId);

/// <summary>What the target "runs" after a call, as the portal's status expects; the database has no traffic to route.</summary>
internal sealed record RoutingState(string? Stable, string? Canary, int CanaryWeight, string? Preview, string? Previous)
{
    public static readonly RoutingState Empty = new(null, null, 0, null, null);
}

/// <summary>One driver call: a row of <c>portal_schema_calls</c>, unique on the idempotency key.</summary>
internal sealed record CallRow(
    string IdempotencyKey, string ReleaseId, string Action, string Version, string? Cohort, int? Weight, RoutingState State, string Detail, string CalledAt);
