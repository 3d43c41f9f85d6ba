namespace PortalRelease.Portal.Releases;

/// <summary>
/// What the delivery dashboards need to know about a release beyond its template: who owns it, what it ships,
/// when the change was committed and built, and which earlier release it fixes. Recorded in the journal's
/// <c>ReleaseCreated</c> event with every default already applied, so the journal says exactly what was counted.
/// </summary>
public sealed record ReleaseMetadata(
    string Team,
    string Service,
    DateTimeOffset? CommitAt = null,
    DateTimeOffset? BuildAt = null,
    string? Fixes = null)
{
    /// <summary>The team a release belongs to when nobody said.</summary>
    public const string UnassignedTeam = "unassigned";
}

/// <summary>Metadata as a person or pipeline sent it: every field optional, times still text to validate.</summary>
public sealed record ReleaseMetadataInput(string? Team = null, string? Service = null, string? CommitAt = null, string? BuildAt = null, string? Fixes = null);
