namespace PortalRelease.Portal.Identity;

/// <summary>Which requests are machine calls (API, hub) rather than pages: they never redirect to a sign-in page.</summary>
internal static class RequestKind
{
    public static bool IsMachine(HttpRequest request) =>
        request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/hubs");
}
