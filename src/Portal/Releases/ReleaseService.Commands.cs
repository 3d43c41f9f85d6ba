using PortalRelease.Portal.Audit;
using PortalRelease.Portal.Identity.Access;
using PortalRelease.Portal.Input;
using PortalRelease.Portal.Releases.Journal;

namespace PortalRelease.Portal.Releases;

public sealed partial class ReleaseService
{
    public async Task<CommandResult> ExecuteAsync(string id, ReleaseCommand command, AuditActor actor, string? reason, CancellationToken cancellationToken = default)
    {
        // Refused before the input is judged when the actor may steer releases nowhere.
        await DemandSteeringSomewhereAsync(id, actor, cancellationToken);
        if (TextLimit.CheckComment(reason, "reason", Limits) is { } refused)
        {
            return new CommandResult(CommandStatus.Invalid, refused, null);
        }
        return await DecideAsync(id, async (record, view) =>
        {
            if (await SteeringDecisionAsync(record, actor) is { Allowed: false, Reason: var denied })
            {
                throw new AccessDeniedException(denied!);
            }
            if (ReleaseStateMachine.Check(view, command) is { } refusal)
            {
                return new CommandResult(CommandStatus.Conflict, refusal, view);
            }
            if (command == ReleaseCommand.Rollback && view.State is Lifecycle.Promoted or Lifecycle.Failed
                && PlanOf(record) is { } plan
                && await environments.ChangedSinceAsync(plan, record.CreatedAt, cancellationToken) is { Count: > 0 } changed)
            {
                return new CommandResult(CommandStatus.Conflict,
                    $"Release '{id}' cannot be rolled back: {string.Join("; ", changed)}. Roll back with a new release to the targets as they are now.", view);
            }
            var why = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
            EventDraft draft = command switch
            {
                ReleaseCommand.Pause => EventDraft.By(new Paused(why ?? $"Paused by {actor.Id}"), actor),
                ReleaseCommand.Resume => EventDraft.By(new Resumed(why), actor),
                ReleaseCommand.Abort => EventDraft.By(new AbortRequested(why ?? "no reason given"), actor),
                _ => EventDraft.By(new RollbackRequested(why ?? "no reason given"), actor),
            };
            var before = view.LastSeq;
            await AppendDecidedAsync(id, view, [draft]);
            return new CommandResult(CommandStatus.Accepted, null, view) { SeqBefore = before };
        }, () => new CommandResult(CommandStatus.NotFound, $"There is no release '{id}'.", null), cancellationToken);
    }
}
