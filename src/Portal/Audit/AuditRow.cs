namespace PortalRelease.Portal.Audit;

/// <summary>One audit log row as stored and hashed: times as <c>DbTime</c> text, details as the JSON text inserted.</summary>
public sealed record AuditRow(
    string At,
    string ActorId,
    string ActorName,
    string AuthMethod,
    string? Address,
    string Action,
    string ResourceKind,
    string ResourceId,
    string Outcome,
    string Details);
