using System.Text.Json;

namespace PortalRelease.Portal.Audit;

/// <summary>One stored audit log row, as the API and the Audit page show it.</summary>
public sealed record AuditRecord(
    long Id,
    DateTimeOffset At,
    string ActorId,
    string ActorName,
    string AuthMethod,
    string? Address,
    string Action,
    string ResourceKind,
    string ResourceId,
    string Outcome,
    JsonElement Details);
