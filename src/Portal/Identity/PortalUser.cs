using System.Security.Claims;

namespace PortalRelease.Portal.Identity;

/// <summary>A signed-in user as the portal sees it, read from a principal built by <see cref="PortalClaims.Identity"/>.</summary>
public sealed record PortalUser(string Id, string Name, string? Email, IReadOnlyList<string> Groups, string Method)
{
    /// <summary>The user of a principal, or null when it is not signed in (or lacks a user id).</summary>
    public static PortalUser? From(ClaimsPrincipal? principal)
    {
        if (principal?.Identity?.IsAuthenticated != true || principal.FindFirst(PortalClaims.UserId)?.Value is not { Length: > 0 } id)
        {
            return null;
        }
        return new PortalUser(
            id,
            principal.FindFirst(PortalClaims.Name)?.Value ?? id,
            principal.FindFirst(PortalClaims.Email)?.Value,
            principal.FindAll(PortalClaims.Group).Select(c => c.Value).Distinct(StringComparer.Ordinal).ToList(),
            principal.FindFirst(PortalClaims.Method)?.Value ?? "unknown");
    }
}
