using System.Globalization;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Releases;

/// <summary>Delivery metadata: checked with the rest of the request, defaults applied, so the journal records what counts.</summary>
public sealed partial class ReleaseService
{
    private const int MaxNameLength = 100;

    /// <summary>
    /// The metadata to record, or null when <paramref name="errors"/> got a problem keyed <c>metadata.field</c>.
    /// Service defaults to the plan's service, else the template name; team to <see cref="ReleaseMetadata.UnassignedTeam"/>.
    /// </summary>
    private async Task<ReleaseMetadata?> ResolveMetadataAsync(
        ReleaseMetadataInput? input, ReleasePlan? plan, string templateName, RequestErrors errors, CancellationToken cancellationToken)
    {
        var before = errors.Count;
        var team = Name(input?.Team, "metadata.team", errors) ?? ReleaseMetadata.UnassignedTeam;
        var service = Name(input?.Service, "metadata.service", errors) ?? plan?.Service ?? templateName;
        var commitAt = Time(input?.CommitAt, "metadata.commitAt", errors);
        var buildAt = Time(input?.BuildAt, "metadata.buildAt", errors);
        var fixes = string.IsNullOrWhiteSpace(input?.Fixes) ? null : input.Fixes.Trim();
        if (fixes is not null && await releases.GetAsync(fixes, cancellationToken) is null)
        {
            errors.Add("metadata.fixes", $"'fixes' must name an existing release id; there is no release '{fixes}'.");
        }
        var now = time.GetUtcNow();
        if (commitAt > now)
        {
            errors.Add("metadata.commitAt", $"commitAt {commitAt:O} is in the future.");
        }
        if (buildAt > now)
        {
            errors.Add("metadata.buildAt", $"buildAt {buildAt:O} is in the future.");
        }
        return errors.Count > before ? null : new ReleaseMetadata(team, service, commitAt, buildAt, fixes);
    }

    private static string? Name(string? value, string field, RequestErrors errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        var trimmed = value.Trim();
        if (trimmed.Length > MaxNameLength || trimmed.Any(char.IsControl))
        {
            errors.Add(field, $"'{field["metadata.".Length..]}' must be at most {MaxNameLength} printable characters.");
            return null;
        }
        return trimmed;
    }

    private static DateTimeOffset? Time(string? value, string field, RequestErrors errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        // ISO-8601 with an offset or Z: a time without a zone would be read in the server's zone, silently.
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed)
            && (value.EndsWith('Z') || value.EndsWith('z') || value.Length > 6 && value[^6] is '+' or '-'))
        {
            return parsed.ToUniversalTime();
        }
        errors.Add(field, $"'{field["metadata.".Length..]}' must be an ISO-8601 time with a zone, e.g. 2026-11-26T09:30:00Z; got '{value}'.");
        return null;
    }
}
