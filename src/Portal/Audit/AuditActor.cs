using System.Security.Claims;

namespace PortalRelease.Portal.Audit;

/// <summary>
/// Who acted, as the audit log records it: a stable id, the name people read, how they authenticated (<c>local</c>,
/// <c>oidc</c>, <c>development</c>, <c>token:&lt;id&gt;</c>, <c>ci:&lt;issuer&gt;</c>, <c>system</c>) and the client address
/// when the action came over the network. <see cref="Principal"/> is what access is checked against.
/// </summary>
public sealed record AuditActor(string Id, string Name, string Method, string? Address)
{
    public const string SystemMethod = "system";

    /// <summary>The signed-in principal the services authorize; null only for the portal itself.</summary>
    public ClaimsPrincipal? Principal { get; init; }

    /// <summary>The portal itself (seeding samples, the engine, a bench): no person, no address, not subject to grants.</summary>
    public static AuditActor System(string name) => new(name, name, SystemMethod, null);
}
