namespace PortalRelease.Portal.Audit;

/// <summary>
/// Who acted, as the audit log records it: a stable id, the name people read, how they authenticated (<c>local</c>,
/// <c>oidc</c>, <c>development</c>, <c>token:&lt;id&gt;</c>, <c>ci:&lt;issuer&gt;</c>, <c>webhook</c>, <c>system</c>) and the
/// client address when the action came over the network.
/// </summary>
public sealed record AuditActor(string Id, string Name, string Method, string? Address)
{
    /// <summary>The portal itself (seeding samples, a bench): no person, no address.</summary>
    public static AuditActor System(string name) => new(name, name, "system", null);
}
