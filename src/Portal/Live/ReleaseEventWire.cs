using PortalRelease.Contracts;
using PortalRelease.Portal.Releases.Journal;

namespace PortalRelease.Portal.Live;

/// <summary>
/// A journal event as the API and the hub send it (<see cref="ReleaseEvent"/> of the contracts): <c>actor</c> is the
/// stable id of who acted, <c>actorName</c> their display name at the time (null for the engine's own events and for
/// events recorded before names were).
/// </summary>
public static class ReleaseEventWire
{
    public static ReleaseEvent ToContract(this JournalEvent e) => new(e.ReleaseId, e.Seq, e.At, e.Type, e.Actor, e.Data, e.ActorName);
}
