using PortalRelease.Portal.Data;
using PortalRelease.Portal.Releases;
using PortalRelease.Portal.Releases.Journal;

namespace PortalRelease.Portal.Notifications;

/// <summary>A release event worth telling receivers about, with what they need to show it (<see cref="Actor"/> is an id, <see cref="ActorName"/> how people know them).</summary>
public sealed record NotificationEvent(
    string Name,
    string ReleaseId,
    long Seq,
    DateTimeOffset At,
    string? From,
    string? To,
    string? Reason,
    string? Actor,
    string Version,
    string Service,
    string Template,
    Uri Url,
    string? ActorName = null)
{
    /// <summary>Journal event types that may become notifications; the rest are skipped without reading their payload.</summary>
    public static IReadOnlyList<string> JournalTypes { get; } = [nameof(StateChanged), nameof(Paused), nameof(Resumed), nameof(PauseStarted), nameof(ApprovalRequested)];

    /// <summary>The notification's name and, for a state change, its from/to and reason; null when the event is not one.</summary>
    public static (string Name, string? From, string? To, string? Reason)? Classify(JournalEvent e) => e.Type switch
    {
        nameof(StateChanged) when e.Payload<StateChanged>() is var changed && changed.To != Lifecycle.Proposed =>
            (changed.To.ToString(), changed.From.ToString(), changed.To.ToString(), changed.Reason),
        nameof(Paused) => (NotificationEventNames.Paused, null, null, e.Payload<Paused>().Reason),
        nameof(Resumed) => (NotificationEventNames.Resumed, null, null, e.Payload<Resumed>().Comment),
        nameof(ApprovalRequested) when e.Payload<ApprovalRequested>() is var asked =>
            (NotificationEventNames.AwaitingApproval, null, null,
                $"Stage {asked.Stage} waits for {asked.Approvers} approval{(asked.Approvers == 1 ? "" : "s")} from role {asked.Role}."),
        // A pause step without an end waits for a person to resume it: the release awaits approval as well.
        nameof(PauseStarted) when e.Payload<PauseStarted>().Until is null =>
            (NotificationEventNames.AwaitingApproval, null, null, "A pause step waits for a person to resume the release."),
        _ => null,
    };

    /// <summary>The release page's address under the portal's public URL.</summary>
    public static Uri ReleasePage(string portalUrl, string releaseId) =>
        new(new Uri(portalUrl.EndsWith('/') ? portalUrl : portalUrl + "/"), "releases/" + Uri.EscapeDataString(releaseId));

    internal static string Format(DateTimeOffset at) => DbTime.Format(at);
}
