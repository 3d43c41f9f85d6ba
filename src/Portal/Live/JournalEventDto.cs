using System.Text.Json;
using PortalRelease.Portal.Releases.Journal;

namespace PortalRelease.Portal.Live;

/// <summary>The wire shape of a journal event for the API and the hub.</summary>
public sealed record JournalEventDto(string ReleaseId, long Seq, DateTimeOffset At, string Type, string? Actor, JsonElement Data)
{
    public static JournalEventDto From(JournalEvent e) => new(e.ReleaseId, e.Seq, e.At, e.Type, e.Actor, e.Data);
}
