using PortalRelease.Contracts;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Releases;
using ReleaseView = PortalRelease.Portal.Releases.ReleaseView;

namespace PortalRelease.Portal.Api;

/// <summary>Approvals, calendar waits, overrides and quarantine marks as the API serves them.</summary>
internal static class GateViews
{
    public static ReleaseGatesView ToGatesView(this ReleaseView view) => new(
        view.IsAwaitingApproval,
        view.Approvals.Values.OrderBy(a => a.Request.Index).Select(ToView).ToList(),
        view.WindowWait is { } w ? new WindowWaitView(w.Index, w.Stage, w.Environment, w.OpensAt, w.Reason) : null,
        view.Overrides.Select(o => new GateOverrideView(o.Override.Index, o.Override.Stage, o.Override.Gate, o.Override.Reason, o.By, o.At)).ToList());

    public static ApprovalView ToView(this ReleaseView.ApprovalState state) => new(
        state.Request.Index,
        state.Request.Stage,
        state.Request.Role,
        state.Request.Approvers,
        state.RequestedAt,
        state.Request.Deadline,
        state.Request.OnTimeout.ToString().ToLowerInvariant(),
        state.Approvals.Select(a => new ApprovalAnswerView(a.By, a.Comment, a.At)).ToList(),
        state.Rejection is { } r ? new ApprovalAnswerView(r.By, r.Comment, r.At) : null,
        state.IsOpen,
        state.Decision?.Approved,
        state.Decision?.Reason);

    public static PendingApprovalView ToView(this PendingApproval pending) => new(
        pending.Release.Id,
        pending.Release.TemplateName,
        pending.Service,
        pending.Release.Version,
        pending.Release.CreatedBy,
        pending.Approval.ToView(),
        pending.Approvers);

    public static QuarantineView ToView(this QuarantineRecord record) =>
        new(record.Id, record.Service, record.Version, record.Action, record.Reason, record.Actor, record.At);
}
