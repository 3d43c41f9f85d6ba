using PortalRelease.Portal.Audit;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Identity.Access;
using PortalRelease.Portal.Releases.Engine;

namespace PortalRelease.Portal.Releases;

/// <summary>
/// What an actor may do to one release, each with the reason when not. <see cref="Commands"/> says who may pause,
/// resume, abort or roll back, not whether the release's state allows it now (that is <see cref="ReleaseStateMachine"/>);
/// <see cref="Approve"/>, <see cref="Reject"/> and <see cref="Override"/> also say when there is nothing to answer.
/// </summary>
public sealed record ReleasePermissions(
    IReadOnlyDictionary<ReleaseCommand, AccessDecision> Commands,
    AccessDecision Approve,
    AccessDecision Reject,
    AccessDecision Override);

/// <summary>
/// The rules the commands apply, asked without acting, so a page disables exactly what the service would refuse and
/// shows the refusal the service would give. The commands themselves call the same methods below.
/// </summary>
public sealed partial class ReleaseService
{
    /// <summary>
    /// Whether <paramref name="actor"/> may start releases at all (deployer somewhere), and why not: the first check a
    /// start demands, before the template is read, and what the Templates page asks to disable Start release.
    /// </summary>
    public Task<AccessDecision> MayStartAsync(AuditActor actor) =>
        guard.CheckAsync(actor, AccessPermission.Deploy, AccessScope.Anywhere);

    /// <summary>Whether <paramref name="actor"/> may start <paramref name="plan"/>: what a start demands once the plan is compiled, and the wizard's preview asks.</summary>
    public Task<AccessDecision> MayStartAsync(AuditActor actor, Templates.ReleasePlan plan, string templateName) =>
        guard.CheckAsync(actor, AccessPermission.Deploy, AccessScope.Of(plan, templateName));

    /// <summary>Null when there is no such release; refused like a read when the actor may not view it.</summary>
    public async Task<ReleasePermissions?> PermittedCommandsAsync(AuditActor actor, string id, CancellationToken cancellationToken = default)
    {
        if (await releases.GetAsync(id, cancellationToken) is not { } record)
        {
            return null;
        }
        await guard.DemandAsync(actor, AccessPermission.View, ScopeOf(record));
        return await PermittedCommandsAsync(actor, record, ReleaseView.From(id, await journal.ReadAsync(id, 0, cancellationToken)));
    }

    /// <summary>The same, over a record and view the caller holds already (a live page), reading nothing from storage.</summary>
    public async Task<ReleasePermissions> PermittedCommandsAsync(AuditActor actor, ReleaseRecord record, ReleaseView view)
    {
        var steer = await SteeringDecisionAsync(record, actor);
        var commands = Enum.GetValues<ReleaseCommand>().ToDictionary(c => c, _ => steer);
        return new ReleasePermissions(
            commands,
            Decision(await AnswerRefusalAsync(record, view, actor, approve: true)),
            Decision(await AnswerRefusalAsync(record, view, actor, approve: false)),
            Decision(await OverrideRefusalAsync(record, view, actor, gate: null)));
    }

    /// <summary>The members of an approval's group named in settings who may still answer: not the author, not approved already.</summary>
    public string ApproversLeft(ReleaseView view, ReleaseView.ApprovalState approval)
    {
        var members = access.SettingsMembers(approval.Request.Role)
            .Where(m => m != view.CreatedBy && !approval.HasApproved(m))
            .ToList();
        return members.Count == 0
            ? $"no other member of {approval.Request.Role} is named in Portal:Access:Groups; members at the identity provider may"
            : string.Join(", ", members);
    }

    /// <summary>Why <paramref name="actor"/> may not answer a gate, and how the API reports it; <see cref="ByGrant"/> refusals are a 403 from the guard.</summary>
    private sealed record GateRefusal(GateStatus Status, string Message, bool ByGrant = false)
    {
        public GateResult Result(ReleaseView view) => ByGrant ? throw new AccessDeniedException(Message) : new GateResult(Status, Message, view);
    }

    private static AccessDecision Decision(GateRefusal? refusal) => refusal is null ? AccessDecision.Yes : AccessDecision.No(refusal.Message);

    /// <summary>
    /// Steering one's own release needs deployer, anyone else's operator, in every environment it touches: asked of
    /// the release's own scope, so the refusal names what was asked there (a viewer on someone else's release hears
    /// that pausing it needs operator in its environments, not that they may deploy nowhere).
    /// </summary>
    private Task<AccessDecision> SteeringDecisionAsync(ReleaseRecord record, AuditActor actor) =>
        guard.CheckAsync(actor, SteeringPermission(record, actor), ScopeOf(record));

    /// <summary>
    /// Refuses, before any input is judged, whoever may steer releases nowhere: in the release's own terms when they may
    /// view it (the words its page shows them), else with the coarse refusal, which tells nothing about the release.
    /// </summary>
    private async Task DemandSteeringSomewhereAsync(string id, AuditActor actor, CancellationToken cancellationToken)
    {
        if (await guard.CheckAsync(actor, AccessPermission.Deploy, AccessScope.Anywhere) is not { Allowed: false } nowhere)
        {
            return;
        }
        if (await releases.GetAsync(id, cancellationToken) is { } record
            && (await guard.CheckAsync(actor, AccessPermission.View, ScopeOf(record))).Allowed
            && await SteeringDecisionAsync(record, actor) is { Allowed: false } here)
        {
            here.Demand();
        }
        nowhere.Demand();
    }

    /// <summary>The first, coarse refusal of an action the actor may do nowhere (before any input is judged).</summary>
    private async Task<GateRefusal?> NowhereAsync(AuditActor actor, AccessPermission permission) =>
        await guard.CheckAsync(actor, permission, AccessScope.Anywhere) is { Allowed: false } nowhere
            ? new GateRefusal(GateStatus.Forbidden, nowhere.Reason!, ByGrant: true)
            : null;

    /// <summary>Null when <paramref name="actor"/> may approve (or reject) now: approver there, in the gate's group, not the author, not yet approved.</summary>
    private async Task<GateRefusal?> AnswerRefusalAsync(ReleaseRecord record, ReleaseView view, AuditActor actor, bool approve)
    {
        if (await NowhereAsync(actor, AccessPermission.Approve) is { } nowhere)
        {
            return nowhere;
        }
        var id = record.Id;
        if (view.PendingApproval is not { } approval)
        {
            return new GateRefusal(GateStatus.Conflict, $"Release '{id}' is not awaiting approval (it is {view.State}).");
        }
        var group = approval.Request.Role;
        if (await guard.CheckAsync(actor, AccessPermission.Approve, ScopeAtStep(record, approval.Request.Index)) is { Allowed: false } grant)
        {
            return new GateRefusal(GateStatus.Forbidden, grant.Reason!, ByGrant: true);
        }
        if (view.CreatedBy == actor.Id)
        {
            return new GateRefusal(GateStatus.Forbidden,
                $"{actor.Id} started release '{id}' and cannot {(approve ? "approve" : "reject")} it: another member of {group} must ({ApproversLeft(view, approval)}).");
        }
        if (!access.IsMember(UserOf(actor), group))
        {
            var members = access.SettingsMembers(group);
            var who = members.Count == 0 ? $"Portal:Access:Groups names no members of '{group}'; the identity provider may" : $"members: {string.Join(", ", members)}";
            return new GateRefusal(GateStatus.Forbidden, $"{actor.Id} is not in group '{group}', which this approval needs ({who}).");
        }
        if (approval.HasApproved(actor.Id))
        {
            var left = approval.Request.Approvers - approval.Approvals.Count;
            return new GateRefusal(GateStatus.Conflict,
                $"{actor.Id} already approved release '{id}'; {left} more approval{(left == 1 ? "" : "s")} from {group} needed ({ApproversLeft(view, approval)}).");
        }
        return null;
    }

    /// <summary>
    /// Null when <paramref name="actor"/> may override the wait now: override in the environment that waits ("sre may
    /// override production freezes" is a grant on production). A <paramref name="gate"/> given must be the one it waits at.
    /// </summary>
    private async Task<GateRefusal?> OverrideRefusalAsync(ReleaseRecord record, ReleaseView view, AuditActor actor, string? gate)
    {
        if (await NowhereAsync(actor, AccessPermission.Override) is { } nowhere)
        {
            return nowhere;
        }
        var id = record.Id;
        if (view.WindowWait is not { } waiting)
        {
            return new GateRefusal(GateStatus.Conflict, $"Release '{id}' is not waiting for a deployment window or freeze: there is nothing to override.");
        }
        var expected = Slos.SloText.IsFrozen(waiting.Reason) ? GateNames.ErrorBudget : GateNames.Window;
        if (gate is not null && expected != gate)
        {
            return new GateRefusal(GateStatus.Conflict, $"gate: release '{id}' waits because {waiting.Reason}; override gate '{expected}', not '{gate}'.");
        }
        if (await guard.CheckAsync(actor, AccessPermission.Override, ScopeAtStep(record, waiting.Index)) is { Allowed: false } grant)
        {
            return new GateRefusal(GateStatus.Forbidden, grant.Reason!, ByGrant: true);
        }
        return null;
    }
}
