using System.Text.Json;

namespace PortalRelease.Contracts;

/// <summary>
/// The body of <c>POST /api/releases</c>. <see cref="Parameters"/> are typed JSON values (a number parameter takes a
/// JSON number, a duration a string like <c>30s</c>); the <c>Idempotency-Key</c> header makes a retry safe.
/// </summary>
public sealed record CreateReleaseRequest(
    string Template,
    string Version,
    IReadOnlyDictionary<string, JsonElement>? Parameters = null,
    ReleaseMetadataRequest? Metadata = null);

/// <summary>Optional facts about the change a release ships, for the delivery dashboard (times are ISO-8601 with a zone).</summary>
public sealed record ReleaseMetadataRequest(
    string? Team = null,
    string? Service = null,
    string? CommitAt = null,
    string? BuildAt = null,
    string? Fixes = null);
