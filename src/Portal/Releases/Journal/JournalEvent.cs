using System.Text.Json;

namespace PortalRelease.Portal.Releases.Journal;

/// <summary>
/// One fact about a release, as stored: append-only, numbered per release from 1. <see cref="Actor"/> is the stable id
/// of who acted (<c>engine</c> for the engine's own decisions); <see cref="ActorName"/> the display name they had then, where a person acted.
/// </summary>
public sealed record JournalEvent(string ReleaseId, long Seq, DateTimeOffset At, string Type, string? Actor, JsonElement Data, string? ActorName = null)
{
    /// <summary>How the actor reads to people: the display name recorded with the event, else the id.</summary>
    public string? ActorDisplay => ActorName ?? Actor;

    public T Payload<T>() => Data.Deserialize<T>(JournalJson.Options)
        ?? throw new InvalidOperationException($"Journal event {ReleaseId}#{Seq} of type {Type} has no payload.");
}

/// <summary>
/// An event about to be appended; the writer gives it its sequence number and time. <see cref="At"/> is only for
/// importing history that happened elsewhere (the demo history, the dashboard bench): the event keeps its own time.
/// </summary>
public sealed record EventDraft(string Type, string? Actor, JsonElement Data, DateTimeOffset? At = null, string? ActorName = null)
{
    /// <summary>Wraps a payload; the event type is the payload's type name (see <see cref="EventPayloads"/>).</summary>
    public static EventDraft Of<T>(T payload, string? actor = null) where T : notnull =>
        new(typeof(T).Name, actor, JsonSerializer.SerializeToElement(payload, JournalJson.Options));

    /// <summary>Wraps a payload a person caused: their stable id and the display name they have now.</summary>
    public static EventDraft By<T>(T payload, Audit.AuditActor actor) where T : notnull =>
        new(typeof(T).Name, actor.Id, JsonSerializer.SerializeToElement(payload, JournalJson.Options), ActorName: actor.Name);

    /// <summary>Wraps a payload that happened at <paramref name="at"/>, for imported history.</summary>
    public static EventDraft Imported<T>(T payload, DateTimeOffset at, string? actor = null) where T : notnull =>
        new(typeof(T).Name, actor, JsonSerializer.SerializeToElement(payload, JournalJson.Options), at);
}
