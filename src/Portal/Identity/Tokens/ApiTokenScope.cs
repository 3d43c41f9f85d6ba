using System.Security.Claims;
using PortalRelease.Portal.Identity.Access;

namespace PortalRelease.Portal.Identity.Tokens;

/// <summary>
/// What a token is limited to, on top of its owner's grants: at most <see cref="Role"/>, only in environments and
/// services matching one of the patterns, and only on services owned (as the service catalog says) by a team matching
/// one of <see cref="Teams"/> — the same rule as a grant's teams. A null part is unrestricted. The permission evaluator intersects these with
/// the owner's grants; a scope never widens what the owner may do.
/// </summary>
public sealed record ApiTokenScope(string? Role, IReadOnlyList<string>? Environments, IReadOnlyList<string>? Services, IReadOnlyList<string>? Teams = null)
{
    /// <summary>Patterns per list: enough for real pipelines, few enough that checking a token stays cheap.</summary>
    public const int MaxPatterns = 32;

    public static readonly ApiTokenScope Unrestricted = new(null, null, null);

    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsUnrestricted => Role is null && Environments is null && Services is null && Teams is null;

    /// <summary>A scope from what a caller sent, or <see cref="ApiTokenException"/> naming the field that is wrong.</summary>
    public static ApiTokenScope Parse(string? role, IReadOnlyList<string?>? environments, IReadOnlyList<string?>? services, IReadOnlyList<string?>? teams = null)
    {
        if (role is not null && !AccessRoles.IsRole(role))
        {
            throw new ApiTokenException("role", $"role must be one of {string.Join(", ", AccessRoles.Names)}, or left out for all the owner may do (was '{Input.Excerpt.Of(role)}').");
        }
        return new ApiTokenScope(
            role, Patterns("environments", "environment", environments), Patterns("services", "service", services), Patterns("teams", "team", teams));
    }

    /// <summary>The scope's claims on a token's principal: one role claim, one claim per pattern; none when unrestricted.</summary>
    public void AddClaims(ClaimsIdentity identity)
    {
        if (Role is not null)
        {
            identity.AddClaim(new(PortalClaims.ScopeRole, Role));
        }
        foreach (var pattern in Environments ?? [])
        {
            identity.AddClaim(new(PortalClaims.ScopeEnvironment, pattern));
        }
        foreach (var pattern in Services ?? [])
        {
            identity.AddClaim(new(PortalClaims.ScopeService, pattern));
        }
        foreach (var pattern in Teams ?? [])
        {
            identity.AddClaim(new(PortalClaims.ScopeTeam, pattern));
        }
    }

    /// <summary>The scope a principal carries (what <see cref="AddClaims"/> put there).</summary>
    public static ApiTokenScope From(ClaimsPrincipal principal)
    {
        var environments = principal.FindAll(PortalClaims.ScopeEnvironment).Select(c => c.Value).ToList();
        var services = principal.FindAll(PortalClaims.ScopeService).Select(c => c.Value).ToList();
        var teams = principal.FindAll(PortalClaims.ScopeTeam).Select(c => c.Value).ToList();
        return new ApiTokenScope(
            principal.FindFirst(PortalClaims.ScopeRole)?.Value,
            environments.Count == 0 ? null : environments,
            services.Count == 0 ? null : services,
            teams.Count == 0 ? null : teams);
    }

    private static List<string>? Patterns(string field, string what, IReadOnlyList<string?>? patterns)
    {
        if (patterns is null)
        {
            return null;
        }
        if (patterns.Count == 0)
        {
            // An empty list could be read as "none" or "all"; neither guess is safe to make for the caller.
            throw new ApiTokenException(field, $"{field} is empty: leave it out to allow every {what}, or list at least one pattern.");
        }
        if (patterns.Count > MaxPatterns)
        {
            throw new ApiTokenException(field, $"{field} lists {patterns.Count} patterns; at most {MaxPatterns} are allowed.");
        }
        for (var i = 0; i < patterns.Count; i++)
        {
            if (ScopePattern.Problem(patterns[i]) is { } problem)
            {
                throw new ApiTokenException(field, $"{field}[{i}]: {problem}.");
            }
        }
        return patterns.Select(p => p!).Distinct(StringComparer.Ordinal).ToList();
    }
}
