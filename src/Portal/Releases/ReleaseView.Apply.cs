using PortalRelease.Portal.Releases.Journal;

namespace PortalRelease.Portal.Releases;

public sealed partial class ReleaseView
{
    /// <summary>Folds one event into the view. Events must arrive in sequence order; repeats are ignored.</summary>
    public void Apply(JournalEvent e)
    {
        if (e.Seq <= LastSeq)
        {
            return;
        }
        LastSeq = e.Seq;
        UpdatedAt = e.At;
        switch (e.Type)
        {
            case nameof(ReleaseCreated):
                CreatedAt = e.At;
                CreatedBy = e.Actor;
                break;
            case nameof(StateChanged):
                ApplyStateChanged(e.Payload<StateChanged>());
                break;
            case nameof(StepStarted):
                var started = e.Payload<StepStarted>();
                _started.Add(started.Index);
                _stepStartedAt[started.Index] = e.At;
                CurrentStep = started.Index;
                CurrentStepDescription = started.Description;
                break;
            case nameof(StepCompleted):
                _completed.Add(e.Payload<StepCompleted>().Index);
                break;
            case nameof(ActionIntended):
                var intended = e.Payload<ActionIntended>();
                _intended[intended.Key] = intended;
                break;
            case nameof(ActionDone):
                ApplyActionDone(e.Payload<ActionDone>());
                break;
            case nameof(ActionFailed):
                var failed = e.Payload<ActionFailed>();
                _failed[failed.Key] = failed;
                break;
            case nameof(PauseStarted):
                var pause = e.Payload<PauseStarted>();
                _pauses[pause.Index] = (pause.Until, e.Seq);
                if (pause.Until is null)
                {
                    IsPaused = true;
                    PauseReason = $"Waiting for a person to resume (step {pause.Index + 1})";
                }
                break;
            case nameof(Paused):
                IsPaused = true;
                PauseReason = e.Payload<Paused>().Reason;
                break;
            case nameof(Resumed):
                IsPaused = false;
                PauseReason = null;
                break;
            case nameof(AbortRequested):
                PendingRollback = new RollbackRequest(true, e.Payload<AbortRequested>().Reason, e.Actor);
                RollbackAttempt++;
                break;
            case nameof(RollbackRequested):
                PendingRollback = new RollbackRequest(false, e.Payload<RollbackRequested>().Reason, e.Actor);
                RollbackAttempt++;
                break;
            case nameof(MeasurementTaken):
                _measurements.Add(e.Payload<MeasurementTaken>());
                break;
            case nameof(ResumedAfterGap):
                var gap = e.Payload<ResumedAfterGap>();
                if (!_roundsAfterGap.TryGetValue(gap.Index, out var named))
                {
                    _roundsAfterGap[gap.Index] = named = [];
                }
                named.UnionWith(gap.Rounds);
                break;
            case nameof(AnalysisVerdict):
                var verdict = e.Payload<AnalysisVerdict>();
                _verdicts[verdict.Index] = verdict;
                break;
            default:
                break;
        }
        ApplyOperations(e);
        ApplyGates(e);
        ApplyTrains(e);
    }

    private void ApplyStateChanged(StateChanged changed)
    {
        State = changed.To;
        Reason = changed.Reason ?? Reason;
        if (changed.Previous is not null)
        {
            PreviousVersions = changed.Previous;
        }
        if (changed.To is Lifecycle.RolledBack or Lifecycle.Aborted or Lifecycle.Promoted)
        {
            PendingRollback = null;
            IsPaused = false;
            PauseReason = null;
        }
        if (changed.To == Lifecycle.Failed && PendingRollback is not null && changed.Reason?.StartsWith("Rollback failed", StringComparison.Ordinal) == true)
        {
            // A failed rollback settles the release as Failed until someone asks again.
            PendingRollback = null;
        }
    }

    private void ApplyActionDone(ActionDone done)
    {
        _done[done.Key] = done;
        _failed.Remove(done.Key);
        if (!_intended.TryGetValue(done.Key, out var intended))
        {
            return;
        }
        switch (intended.Action, intended.Cohort)
        {
            case ("apply", "canary"):
                _weights[intended.Target] = intended.Weight ?? 0;
                break;
            case ("apply", "stable"):
            case ("rollback", _):
                _weights[intended.Target] = 0;
                break;
            default:
                break;
        }
    }
}
