using System.Globalization;
using PortalRelease.Portal.Audit;
using PortalRelease.Portal.Identity.Access;
using PortalRelease.Portal.Input;

namespace PortalRelease.Portal.Releases;

/// <summary>Delivery metadata: checked with the rest of the request, defaults applied, so the journal records what counts.</summary>
public sealed partial class ReleaseService
{
    private const int MaxNameLength = 100;

    /// <summary>
    /// The metadata to record, or null when <paramref name="errors"/> got a problem keyed <c>metadata.field</c>.
    /// The service is the release's (<paramref name="service"/>: the plan's, else the template name; null when the
    /// template did not read), never another a caller names; the team is its owner in the service catalog
    /// (<see cref="OwnerTeamAsync"/>).
    /// </summary>
    private async Task<ReleaseMetadata?> ResolveMetadataAsync(
        ReleaseMetadataInput? input, string? service, AuditActor actor, RequestErrors errors, CancellationToken cancellationToken)
    {
        var before = errors.Count;
        var supplied = Name(input?.Team, "metadata.team", errors);
        var named = Name(input?.Service, "metadata.service", errors);
        if (service is not null && named is not null && named != service)
        {
            errors.Add("metadata.service",
                $"This release ships service '{service}' (its template's service:, else the template's name); 'service' may only repeat it, found '{Excerpt.Of(named)}'.");
        }
        var team = service is null ? null : await OwnerTeamAsync(service, supplied, actor, errors, cancellationToken);
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
        return errors.Count > before || service is null || team is null ? null : new ReleaseMetadata(team, service, commitAt, buildAt, fixes);
    }

    /// <summary>
    /// The release's team: the catalog's owner of <paramref name="service"/> when it lists it (a different team
    /// supplied is refused). For a service not in the catalog, a supplied team only from its member or an admin,
    /// else <see cref="ReleaseMetadata.UnassignedTeam"/>. Null when <paramref name="errors"/> got why not.
    /// </summary>
    private async Task<string?> OwnerTeamAsync(string service, string? supplied, AuditActor actor, RequestErrors errors, CancellationToken cancellationToken)
    {
        if (await owners.TeamOfAsync(service, cancellationToken) is { } owner)
        {
            if (supplied is not null && supplied != owner)
            {
                errors.Add("metadata.team",
                    $"Service '{service}' is owned by team '{owner}' in the service catalog, so its releases count for '{owner}'; leave 'team' out or send '{owner}', found '{Excerpt.Of(supplied)}'.");
                return null;
            }
            return owner;
        }
        if (supplied is null || supplied == ReleaseMetadata.UnassignedTeam)
        {
            return ReleaseMetadata.UnassignedTeam;
        }
        if (access.IsMember(UserOf(actor), supplied) || (await guard.CheckAsync(actor, AccessPermission.ManageAccess, AccessScope.Global)).Allowed)
        {
            return supplied;
        }
        errors.Add("metadata.team",
            $"Service '{service}' is not in the service catalog, and {actor.Id} is not a member of group '{Excerpt.Of(supplied)}': only its members or an admin may name it as the team. Ask an admin to register the service (Services page).");
        return null;
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
