using PortalRelease.Portal.Audit;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Identity.Access;
using PortalRelease.Portal.Gates;
using PortalRelease.Portal.Input;
using PortalRelease.Portal.Releases.Engine;
using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Releases;

public enum GateStatus
{
    Accepted,
    NotFound,
    Invalid,
    Forbidden,
    Conflict,
}

public sealed record GateResult(GateStatus Status, string? Message, ReleaseView? View = null)
{
    /// <summary>
    /// The release's last sequence number before the answer's own event (the view has applied that event by now): the
    /// API's 202 says so, as for the other commands, so a client following from it sees the answer.
    /// </summary>
    public long? SeqBefore { get; init; }
}

/// <summary>An approval waiting for someone: the release, what it asks for and the answers so far.</summary>
public sealed record PendingApproval(ReleaseRecord Release, ReleaseView View, ReleaseView.ApprovalState Approval, string Service, IReadOnlyList<string> Approvers);

/// <summary>Approvals, rejections and gate overrides: checked against the journal and the roles, then journaled under the acting user.</summary>
public sealed partial class ReleaseService
{
    public Task<GateResult> ApproveAsync(string id, AuditActor actor, string? comment, CancellationToken cancellationToken = default) =>
        AnswerAsync(id, actor, comment, approve: true, cancellationToken);

    public Task<GateResult> RejectAsync(string id, AuditActor actor, string? comment, CancellationToken cancellationToken = default) =>
        AnswerAsync(id, actor, comment, approve: false, cancellationToken);

    /// <summary>Lets a stage that waits for its calendar deploy now; the reason and the actor are journaled.</summary>
    public async Task<GateResult> OverrideAsync(string id, AuditActor actor, string? gate, string? reason, CancellationToken cancellationToken = default)
    {
        // Refused before the input is judged when the actor may override nowhere.
        await guard.DemandAsync(actor, AccessPermission.Override, AccessScope.Anywhere);
        if (string.IsNullOrWhiteSpace(gate) || !GateNames.All.Contains(gate))
        {
            return new GateResult(GateStatus.Invalid, $"gate: expected one of {string.Join(", ", GateNames.All)}, found '{gate}'.");
        }
        if (string.IsNullOrWhiteSpace(reason))
        {
            return new GateResult(GateStatus.Invalid, "reason: an override needs a reason; it is kept in the release's journal.");
        }
        if (TextLimit.CheckComment(reason, "reason", Limits) is { } refused)
        {
            return new GateResult(GateStatus.Invalid, refused);
        }
        return await DecideGateAsync(id, async (record, view) =>
            await OverrideRefusalAsync(record, view, actor, gate) is { } refusal
                ? refusal.Result(view)
                : await AppendGateEventAsync(id, view, EventDraft.By(new GateOverridden(view.WindowWait!.Index, view.WindowWait.Stage, gate, reason.Trim()), actor)),
            cancellationToken);
    }

    /// <summary>Approvals that <paramref name="actor"/> may give now: approver there, in the gate's group, not the author, not yet approved.</summary>
    public async Task<IReadOnlyList<PendingApproval>> ListApprovalsForAsync(AuditActor actor, CancellationToken cancellationToken = default)
    {
        var mine = new List<PendingApproval>();
        foreach (var pending in await ListPendingApprovalsAsync(cancellationToken))
        {
            if (await AnswerRefusalAsync(pending.Release, pending.View, actor, approve: true) is null)
            {
                mine.Add(pending);
            }
        }
        return mine;
    }

    /// <summary>Every approval any release waits for, oldest request first.</summary>
    public async Task<IReadOnlyList<PendingApproval>> ListPendingApprovalsAsync(CancellationToken cancellationToken = default)
    {
        var pending = new List<PendingApproval>();
        foreach (var summary in await ListAsync(500, cancellationToken))
        {
            if (summary.View.PendingApproval is not { } approval)
            {
                continue;
            }
            var plan = System.Text.Json.JsonSerializer.Deserialize<ReleasePlan>(summary.Record.Plan, JournalJson.Options);
            pending.Add(new PendingApproval(
                summary.Record, summary.View, approval, plan?.Service ?? summary.Record.TemplateName, access.SettingsMembers(approval.Request.Role)));
        }
        return pending.OrderBy(p => p.Approval.RequestedAt).ToList();
    }

    private async Task<GateResult> AnswerAsync(string id, AuditActor actor, string? comment, bool approve, CancellationToken cancellationToken)
    {
        await guard.DemandAsync(actor, AccessPermission.Approve, AccessScope.Anywhere);
        if (TextLimit.CheckComment(comment, "comment", Limits) is { } refused)
        {
            return new GateResult(GateStatus.Invalid, refused);
        }
        if (!approve && string.IsNullOrWhiteSpace(comment))
        {
            return new GateResult(GateStatus.Invalid, "comment: a rejection needs a comment saying why; the author reads it.");
        }
        var text = string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
        return await DecideGateAsync(id, async (record, view) =>
        {
            if (await AnswerRefusalAsync(record, view, actor, approve) is { } refusal)
            {
                return refusal.Result(view);
            }
            var approval = view.PendingApproval!;
            EventDraft draft = approve
                ? EventDraft.By(new ApprovalGiven(approval.Request.Index, text), actor)
                : EventDraft.By(new ApprovalRejected(approval.Request.Index, text!), actor);
            return await AppendGateEventAsync(id, view, draft);
        }, cancellationToken);
    }

    private async Task<GateResult> AppendGateEventAsync(string id, ReleaseView view, EventDraft draft)
    {
        var before = view.LastSeq;
        await AppendDecidedAsync(id, view, [draft]);
        return new GateResult(GateStatus.Accepted, null, view) { SeqBefore = before };
    }

    private Task<GateResult> DecideGateAsync(string id, Func<ReleaseRecord, ReleaseView, Task<GateResult>> action, CancellationToken cancellationToken) =>
        DecideAsync(id, action, () => new GateResult(GateStatus.NotFound, $"There is no release '{id}'."), cancellationToken);

    /// <summary>A quarantined version cannot be released again: an error on <c>version</c> naming the mark.</summary>
    private async Task CheckQuarantineAsync(string service, string version, RequestErrors errors, CancellationToken cancellationToken)
    {
        if (ReleaseService.CheckVersion(version) is null && await quarantine.FindAsync(service, version, cancellationToken) is { } mark)
        {
            errors.Add("version", QuarantineService.Describe(mark) + " Lift the quarantine or release another version.");
        }
    }
}
