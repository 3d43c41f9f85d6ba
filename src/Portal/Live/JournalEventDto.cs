using System.Text.Json;
using PortalRelease.Portal.Releases.Journal;

namespace PortalRelease.Portal.Live;

/// <summary>
/// The wire shape of a journal event for the API and the hub: <c>actor</c> is the stable id of who acted,
/// <c>actorName</c> their display name at the time (null for the engine's own events and for events recorded before names were).
/// </summary>
public sealed record JournalEventDto(string ReleaseId, long Seq, DateTimeOffset At, string Type, string? Actor, JsonElement Data, string? ActorName)
{
    public static JournalEventDto From(JournalEvent e) => new(e.ReleaseId, e.Seq, e.At, e.Type, e.Actor, e.Data, e.ActorName);
}
