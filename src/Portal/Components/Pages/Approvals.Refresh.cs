using PortalRelease.Portal.Releases;

namespace PortalRelease.Portal.Components.Pages;

/// <summary>
/// When the live feed re-renders the queue. Every render gives each row's Approve and Reject buttons new event
/// handlers (they capture the row), and a click that reaches the server just after a render names a handler that
/// is gone and is dropped: with telemetry arriving twice a second, Approve often did nothing. So the queue renders
/// when what it shows changes, and for the "Waiting" column at most every <see cref="ClockInterval"/>.
/// </summary>
public sealed partial class Approvals
{
    private static readonly TimeSpan ClockInterval = TimeSpan.FromSeconds(30);

    private string? _renderedSignature;
    private DateTimeOffset _renderedAt;

    private bool QueueChanged(IReadOnlyList<PendingApproval>? pending)
    {
        var signature = Signature(pending);
        if (signature == _renderedSignature && _now - _renderedAt < ClockInterval)
        {
            return false;
        }
        _renderedSignature = signature;
        _renderedAt = _now;
        return true;
    }

    /// <summary>Everything a row shows but the waiting time: which approvals, how far along, and their deadlines.</summary>
    private static string Signature(IReadOnlyList<PendingApproval>? pending) =>
        pending is null
            ? ""
            : string.Join("|", pending.Select(p =>
                $"{p.Release.Id}:{p.Approval.Request.Index}:{string.Join(",", p.Approval.Approvals.Select(a => a.By))}:{p.Approval.Request.Deadline:O}:{p.Approval.TimedOut is not null}"));
}
