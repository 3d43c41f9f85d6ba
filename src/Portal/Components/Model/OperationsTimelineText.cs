using MudBlazor;
using PortalRelease.Portal.Releases;
using PortalRelease.Portal.Releases.Journal;

namespace PortalRelease.Portal.Components.Model;

/// <summary>Words, icon and colour for the engine's operational events on the timeline: target locks, the queue, incidents.</summary>
public static class OperationsTimelineText
{
    public static (string Text, string? Detail, string Icon, Color Color)? Describe(JournalEvent e) => e.Type switch
    {
        nameof(TargetsLocked) => Locked(e.Payload<TargetsLocked>()),
        nameof(Queued) => Queued(e.Payload<Queued>()),
        nameof(IncidentOpened) => Opened(e.Payload<IncidentOpened>()),
        nameof(IncidentResolved) => Resolved(e.Payload<IncidentResolved>()),
        _ => null,
    };

    private static (string, string?, string, Color) Locked(TargetsLocked locked) => locked.Targets.Count switch
    {
        0 => ("Locked no targets: the plan names none", null, Icons.Material.Filled.Lock, Color.Default),
        1 => ($"Locked target {locked.Targets[0]}: no other release deploys to it until this one settles", null, Icons.Material.Filled.Lock, Color.Default),
        _ => ($"Locked {locked.Targets.Count} targets: no other release deploys to them until this one settles", string.Join(", ", locked.Targets), Icons.Material.Filled.Lock, Color.Default),
    };

    private static (string, string?, string, Color) Queued(Queued queued)
    {
        var waitingFor = queued.Targets.Count == 0 ? null : $"Waiting for {string.Join(", ", queued.Targets)}";
        return ($"{ReleaseView.QueuedText(queued)}: it starts when that release settles", waitingFor, Icons.Material.Filled.HourglassEmpty, Color.Info);
    }

    private static (string, string?, string, Color) Opened(IncidentOpened opened)
    {
        var alert = opened.Alert;
        var action = opened.Action switch
        {
            "pause" or "paused" => "paused the release",
            "rollback" or "rolling back" => "started a rollback",
            "none" or "" => "took no action (the release could not be paused or rolled back)",
            var other => other,
        };
        var summary = alert.Annotations.GetValueOrDefault("summary") ?? alert.Annotations.GetValueOrDefault("description");
        return ($"Incident: alert {alert.AlertName ?? alert.Fingerprint} firing on {alert.Service}; the portal {action}",
            summary, Icons.Material.Filled.NotificationImportant, Color.Error);
    }

    private static (string, string?, string, Color) Resolved(IncidentResolved resolved) =>
        ($"Incident resolved: alert {resolved.Alert.AlertName ?? resolved.Alert.Fingerprint} on {resolved.Alert.Service}; the release is not resumed by itself",
            null, Icons.Material.Filled.NotificationsOff, Color.Success);
}
