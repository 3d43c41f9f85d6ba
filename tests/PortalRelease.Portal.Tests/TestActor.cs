using System.Security.Claims;
using PortalRelease.Portal.Audit;
using PortalRelease.Portal.Identity;

namespace PortalRelease.Portal.Tests;

/// <summary>A signed-in user as the services see one, for tests that call a service directly rather than over HTTP.</summary>
public static class TestActor
{
    public static AuditActor Of(string id, params string[] groups) => Named(id, id, groups);

    /// <summary>A signed-in user whose display name differs from their id, as with most identity providers.</summary>
    public static AuditActor Named(string id, string name, params string[] groups) =>
        new(id, name, "development", null)
        {
            Principal = new ClaimsPrincipal(PortalClaims.Identity("development", new PortalUser(id, name, null, groups, "development"))),
        };
}
