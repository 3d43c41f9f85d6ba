namespace PortalRelease.Portal.Dashboards;

/// <summary>
/// One row of <c>release_facts</c>: what the delivery dashboards need of one release, folded from its journal by
/// <see cref="ReleaseFactFolder"/>. Derived data: <see cref="LastSeq"/> is the last journal event folded in.
/// </summary>
public sealed class ReleaseFact
{
    public required string ReleaseId { get; init; }

    public long LastSeq { get; set; }

    public string Team { get; set; } = "";

    public string Service { get; set; } = "";

    public string Version { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? CommitAt { get; set; }

    public DateTimeOffset? BuildAt { get; set; }

    /// <summary>When it first started deploying: from then on it was a change in production.</summary>
    public DateTimeOffset? DeployedAt { get; set; }

    public DateTimeOffset? PromotedAt { get; set; }

    /// <summary>When the failure was first known: rollback asked for, failed after deploying, or an incident opened.</summary>
    public DateTimeOffset? FailedAt { get; set; }

    public DateTimeOffset? RolledBackAt { get; set; }

    /// <summary>When it reached a final state; null while in flight.</summary>
    public DateTimeOffset? SettledAt { get; set; }

    public string State { get; set; } = "Proposed";

    public bool Paused { get; set; }

    /// <summary>Waiting for a person (a pause step without an end, i.e. an approval).</summary>
    public bool Awaiting { get; set; }

    public bool Failed { get; set; }

    /// <summary>Why it counts as failed: <c>rolled-back</c>, <c>failed</c> or <c>incident</c> (the first that applied).</summary>
    public string? Failure { get; set; }

    public int Incidents { get; set; }

    public DateTimeOffset? IncidentOpenedAt { get; set; }

    public DateTimeOffset? IncidentResolvedAt { get; set; }

    /// <summary>The id of the earlier release this one fixes.</summary>
    public string? Fixes { get; set; }

    /// <summary>Whether the release named by <see cref="Fixes"/> failed; filled by the dashboard's queries, not stored.</summary>
    public bool FixesFailed { get; set; }

    /// <summary>Commit (or else build) to promotion.</summary>
    public TimeSpan? LeadTime => PromotedAt is { } promoted && (CommitAt ?? BuildAt) is { } start ? promoted - start : null;
}
