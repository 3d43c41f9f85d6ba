using System.Text.Json.Nodes;

namespace PortalRelease.Portal.Audit;

/// <summary>
/// One change to record: <see cref="Action"/> is <c>kind.verb</c> (<c>target.create</c>), the resource is what it
/// changed, <see cref="Details"/> what changed (never a secret's value: services pass secret names and whether they
/// changed; <see cref="AuditLog"/> masks any value under a secret-looking key that slips through anyway).
/// </summary>
public sealed record AuditEntry(AuditActor Actor, string Action, string ResourceKind, string ResourceId, string Outcome = AuditOutcomes.Ok, JsonObject? Details = null);

public static class AuditOutcomes
{
    public const string Ok = "ok";
}
