using System.Security.Claims;

namespace PortalRelease.Portal.Identity.Local;

/// <summary>The session cookie's principal for a built-in account, and where a sign-in may send the browser next.</summary>
internal static class LocalSession
{
    /// <summary>Present while the account must choose a new password before anything else.</summary>
    public const string MustChangeClaim = "portal:must-change";

    public static ClaimsPrincipal Principal(PortalUser user, string stamp, bool mustChange)
    {
        var identity = PortalClaims.Identity(LocalAccountService.Method, user);
        identity.AddClaim(new(LocalCookieEvents.StampClaim, stamp));
        if (mustChange)
        {
            identity.AddClaim(new(MustChangeClaim, "true"));
        }
        return new ClaimsPrincipal(identity);
    }

    /// <summary>
    /// A return address only within this portal: a path, never another host (<c>//evil.example</c>, <c>/\evil</c>,
    /// <c>https://…</c>), so the sign-in page cannot be used to send a user elsewhere.
    /// </summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        returnUrl is { Length: > 0 and <= 2048 } url && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Any(char.IsControl)
            ? url
            : "/";
}
