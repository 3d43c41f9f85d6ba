using MudBlazor;
using PortalRelease.Portal.Releases.Journal;

namespace PortalRelease.Portal.Components.Model;

/// <summary>Words, icon and colour for the gate events (approvals, calendar waits, overrides) on the timeline.</summary>
public static class GateTimelineText
{
    public static (string Text, string? Detail, string Icon, Color Color)? Describe(JournalEvent e) => e.Type switch
    {
        nameof(ApprovalRequested) => Requested(e.Payload<ApprovalRequested>()),
        nameof(ApprovalGiven) => ($"Approved by {e.ActorDisplay}", e.Payload<ApprovalGiven>().Comment, Icons.Material.Filled.ThumbUp, Color.Success),
        nameof(ApprovalRejected) => ($"Rejected by {e.ActorDisplay}", e.Payload<ApprovalRejected>().Comment, Icons.Material.Filled.ThumbDown, Color.Error),
        nameof(ApprovalTimedOut) => ($"Approval timed out: {e.Payload<ApprovalTimedOut>().Outcome.ToString().ToLowerInvariant()}", null, Icons.Material.Filled.TimerOff, Color.Warning),
        nameof(ApprovalDecided) => Decided(e.Payload<ApprovalDecided>()),
        nameof(WindowWaiting) => Waiting(e.Payload<WindowWaiting>()),
        nameof(GateOverridden) => Overridden(e.Payload<GateOverridden>(), e.ActorDisplay),
        _ => null,
    };

    private static (string, string?, string, Color) Requested(ApprovalRequested r)
    {
        var deadline = r.Deadline is { } d ? $"; {r.OnTimeout.ToString().ToLowerInvariant()} at {RelativeTime.Absolute(d)}" : "";
        return ($"Step {r.Index + 1}: awaiting {r.Approvers} approval{(r.Approvers == 1 ? "" : "s")} from {r.Role}{deadline}", null, Icons.Material.Filled.HowToReg, Color.Info);
    }

    private static (string, string?, string, Color) Decided(ApprovalDecided d) => d.Approved
        ? ($"Approval of step {d.Index + 1} passed", d.Reason, Icons.Material.Filled.Verified, Color.Success)
        : ($"Approval of step {d.Index + 1} rejected", d.Reason, Icons.Material.Filled.Cancel, Color.Error);

    private static (string, string?, string, Color) Waiting(WindowWaiting w) =>
        ($"Step {w.Index + 1} on {w.Stage} ({w.Environment}): {w.Reason}", null, Icons.Material.Filled.EventBusy, Color.Info);

    private static (string, string?, string, Color) Overridden(GateOverridden o, string? actor) =>
        ($"{actor} overrode the {o.Gate} of stage {o.Stage}", o.Reason, Icons.Material.Filled.LockOpen, Color.Warning);
}
