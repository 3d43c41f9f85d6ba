using PortalRelease.Portal.Identity.Tokens;

namespace PortalRelease.Portal.Components.Model;

/// <summary>How a token's scope and state read in a table, the same on the personal tokens page and for service accounts.</summary>
public static class ApiTokenText
{
    /// <param name="unrestricted">What an unrestricted scope allows, in the reader's words ("all you may do").</param>
    public static string Scope(ApiTokenScope scope, string unrestricted) =>
        scope.IsUnrestricted
            ? unrestricted
            : string.Join("; ", new[]
            {
                scope.Role is null ? null : $"at most {scope.Role}",
                scope.Environments is null ? null : $"environments {string.Join(", ", scope.Environments)}",
                scope.Services is null ? null : $"services {string.Join(", ", scope.Services)}",
                scope.Teams is null ? null : $"teams {string.Join(", ", scope.Teams)}",
            }.OfType<string>());

    public static string Expiry(ApiTokenInfo token, DateTimeOffset now) =>
        token.RevokedAt is { } revoked ? $"revoked {RelativeTime.Absolute(revoked)}"
        : token.ExpiresAt <= now ? $"expired {RelativeTime.Absolute(token.ExpiresAt)}"
        : RelativeTime.Absolute(token.ExpiresAt);

    public static string LastUse(ApiTokenInfo token) =>
        token.LastUsedAt is { } used ? $"{RelativeTime.Absolute(used)} from {token.LastUsedAddress ?? "an unknown address"}" : "never";

    public static bool Live(ApiTokenInfo token, DateTimeOffset now) => token.RevokedAt is null && token.ExpiresAt > now;
}
