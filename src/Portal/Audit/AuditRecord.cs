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

/// <summary>
/// Which rows to list, newest first. <see cref="Action"/> matches the action or every action under it (<c>target</c>
/// matches <c>target.create</c>); <see cref="Resource"/> is a kind (<c>target</c>) or kind and id (<c>target:k8s-eu</c>);
/// <see cref="Before"/> is the id of the last row of the previous page.
/// </summary>
public sealed record AuditQuery(string? Actor, string? Action, string? Resource, DateTimeOffset? From, DateTimeOffset? To, long? Before, int Limit);
