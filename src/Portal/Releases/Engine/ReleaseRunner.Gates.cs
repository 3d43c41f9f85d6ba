using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Releases.Engine;

/// <summary>Gates: approval steps, the deployment calendar before each step, and rollback targets free of quarantine.</summary>
public sealed partial class ReleaseRunner
{
    /// <summary>
    /// Holds a step that has not started while its environment's calendar is closed and nobody overrode it; returns
    /// when to look again, or null when the step may start. Approval steps are never held: approvals can be
    /// collected before the window opens.
    /// </summary>
    private async Task<DateTimeOffset?> HoldForCalendarAsync(int index, PlanStage stage, PlanStep step)
    {
        if (step is ApprovalStep || _view.HasStarted(index) || IsWindowOverridden(stage))
        {
            return null;
        }
        var environment = stage.EnvironmentName();
        var check = _services.Gates.Check(environment, Now);
        if (check.IsOpen)
        {
            return null;
        }
        if (_view.WindowWait is not { } waiting || waiting.Index != index || waiting.Reason != check.Reason)
        {
            await AppendAsync(Engine(new WindowWaiting(index, stage.Name, environment, check.OpensAt, check.Reason!)));
        }
        return check.OpensAt ?? DateTimeOffset.MaxValue;
    }

    private async Task<StepOutcome> AwaitApprovalAsync(int index, PlanStage stage, ApprovalStep step)
    {
        if (_view.Approval(index) is null)
        {
            var deadline = step.Timeout is { } timeout ? Now + timeout : (DateTimeOffset?)null;
            await AppendAsync(Engine(new ApprovalRequested(index, stage.Name, step.Role, step.Approvers, deadline, step.OnTimeout)));
        }
        var approval = _view.Approval(index)!;
        if (approval.Decision is { } decided)
        {
            return decided.Approved ? StepOutcome.Done : StepOutcome.Stopped;
        }
        if (approval.Rejection is { } rejection)
        {
            var comment = string.IsNullOrWhiteSpace(rejection.Comment) ? "" : $": {rejection.Comment}";
            return await RejectAsync(index, $"Rejected by {rejection.By}{comment}");
        }
        if (approval.Approvals.Count >= step.Approvers)
        {
            var who = string.Join(", ", approval.Approvals.Select(a => a.By));
            await AppendAsync(Engine(new ApprovalDecided(index, true, $"Approved by {who}")));
            return StepOutcome.Done;
        }
        var deadlineAt = approval.Request.Deadline;
        if (deadlineAt is { } due && due <= Now && approval.TimedOut is null)
        {
            return await TimeOutAsync(index, approval, step);
        }
        return StepOutcome.Wait(approval.TimedOut is null && deadlineAt is { } wake ? wake : DateTimeOffset.MaxValue);
    }

    private async Task<StepOutcome> TimeOutAsync(int index, ReleaseView.ApprovalState approval, ApprovalStep step)
    {
        var waited = Durations.Format(step.Timeout ?? TimeSpan.Zero);
        var got = $"{approval.Approvals.Count} of {step.Approvers} approvals from {step.Role}";
        var timedOut = Engine(new ApprovalTimedOut(index, step.OnTimeout));
        switch (step.OnTimeout)
        {
            case ApprovalTimeoutOutcome.Approve:
                await AppendAsync(timedOut, Engine(new ApprovalDecided(index, true, $"Approved by timeout after {waited} ({got})")));
                return StepOutcome.Done;
            case ApprovalTimeoutOutcome.Pause:
                // Still open: later approvals count, and a person resumes the release.
                await AppendAsync(timedOut, Engine(new Paused($"Approval timed out after {waited} with {got}; paused until resumed")));
                return StepOutcome.Wait(DateTimeOffset.MaxValue);
            default:
                return await RejectAsync(index, $"Approval timed out after {waited} with {got}", timedOut);
        }
    }

    /// <summary>A rejected approval fails the release; whatever it already changed goes back to the version before.</summary>
    private async Task<StepOutcome> RejectAsync(int index, string reason, EventDraft? before = null)
    {
        // One commit: a restart never finds the approval rejected and the release still running.
        var rollBack = _view.IntendedActions.Any(a => a.Action == "apply");
        await TransitionAsync(
            Lifecycle.Failed,
            reason,
            null,
            [.. before is null ? [] : new[] { before }, Engine(new ApprovalDecided(index, false, reason)), .. rollBack ? new[] { Engine(new RollbackRequested(reason)) } : []]);
        return StepOutcome.Stopped;
    }

    /// <summary>
    /// The version to roll <paramref name="target"/> back to: the one it ran before this release, unless that version is
    /// quarantined; then the newest earlier version this service promoted on it that is not. Null with an error when none.
    /// </summary>
    private async Task<(string? Version, string? Error)> RollbackVersionAsync(string target, CancellationToken cancellationToken)
    {
        var previous = _view.PreviousVersions.GetValueOrDefault(target);
        var service = _plan.Service ?? _release.TemplateName;
        if (previous is null || await _services.Quarantine.FindAsync(service, previous, cancellationToken) is not { } mark)
        {
            return (previous, null);
        }
        foreach (var candidate in await PromotedBeforeAsync(service, target, cancellationToken))
        {
            if (candidate != previous && candidate != _release.Version && await _services.Quarantine.FindAsync(service, candidate, cancellationToken) is null)
            {
                await AppendAsync(Engine(new EngineWarning($"Rollback of '{target}' skips {previous}: {QuarantineText(mark)} Going back to {candidate} instead.")));
                return (candidate, null);
            }
        }
        return (null, $"'{target}' ran {previous} before, which is quarantined ({mark.Reason}), and no earlier version of {service} on it is free of quarantine");
    }

    private static string QuarantineText(Data.QuarantineRecord mark) => Gates.QuarantineService.Describe(mark);

    /// <summary>Versions of <paramref name="service"/> promoted on <paramref name="target"/> by releases created before this one, newest first.</summary>
    private async Task<IReadOnlyList<string>> PromotedBeforeAsync(string service, string target, CancellationToken cancellationToken)
    {
        var records = (await _services.Releases.ListRecentAsync(1000, cancellationToken))
            .Where(r => r.Id != ReleaseId && r.CreatedAt <= _release.CreatedAt)
            .ToList();
        var events = await _services.Journal.ReadManyAsync(records.Select(r => r.Id).ToList(), cancellationToken);
        var versions = new List<string>();
        foreach (var record in records.OrderByDescending(r => r.CreatedAt))
        {
            var plan = System.Text.Json.JsonSerializer.Deserialize<ReleasePlan>(record.Plan, JournalJson.Options);
            if (plan is null || (plan.Service ?? record.TemplateName) != service || !plan.Stages.Any(s => s.Targets.Contains(target, StringComparer.Ordinal)))
            {
                continue;
            }
            if (ReleaseView.From(record.Id, events.GetValueOrDefault(record.Id) ?? []).State == Lifecycle.Promoted)
            {
                versions.Add(record.Version);
            }
        }
        return versions;
    }
}

/// <summary>The gate names an override may name.</summary>
public static class GateNames
{
    public const string Window = "window";

    /// <summary>The freeze of a service whose error budget is spent (see ReleaseRunner.ErrorBudget).</summary>
    public const string ErrorBudget = "error-budget";

    public static readonly IReadOnlyList<string> All = [Window, ErrorBudget];
}
