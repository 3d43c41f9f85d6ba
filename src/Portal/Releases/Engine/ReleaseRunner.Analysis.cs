using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Portal.Templates;
using PortalRelease.Portal.Verification;

namespace PortalRelease.Portal.Releases.Engine;

public sealed partial class ReleaseRunner
{
    /// <summary>
    /// One round per interval: each target's canary is measured over that round's own interval and judged against the
    /// step's bounds and baseline. Rounds already in the journal count, so a restart continues with the next round.
    /// The verdict is judged in the same pass as the round that decides it and journaled in the same commit, so a
    /// decision never waits for the next interval.
    /// </summary>
    /// <remarks>
    /// Rounds that fell due while the portal was down are measured one by one over their historical windows, not all
    /// over the last interval (which made four rounds four copies of one measurement) and not by restarting the schedule
    /// from the resume: a metric query is a window with a start and an end that every source answers (the SDK's
    /// <c>MetricQuery</c>; the Sandbox and Prometheus answer past windows), the canary kept serving while the portal was
    /// away, and that traffic is the evidence. Restarting would leave the gap unmeasured and push the verdict back by the
    /// whole gap. A source that has lost the data answers no value, and the round is inconclusive, as it should be.
    /// </remarks>
    private async Task<StepOutcome> AnalyseAsync(int index, PlanStage stage, AnalysisStep step, CancellationToken cancellationToken)
    {
        if (_view.Verdicts.ContainsKey(index))
        {
            return StepOutcome.Done;
        }
        var measurements = _view.MeasurementsOf(index).ToList();
        if (AnalysisJudge.Judge(step, stage.Targets, measurements) is { } decided)
        {
            return await ConcludeAsync(index, step, decided, measurements.Count, []);
        }
        // Rounds count from 1; the first is measured one interval after the step starts, over that interval.
        var rounds = measurements.Count == 0 ? 0 : measurements.Max(m => m.Round);
        var roundComplete = rounds == 0 || measurements.Count(m => m.Round == rounds) >= stage.Targets.Count;
        var round = roundComplete ? rounds + 1 : rounds;
        var startedAt = _view.StepStartedAt(index) ?? Now;
        var due = startedAt + (step.Interval * round);
        if (due > Now)
        {
            return StepOutcome.Wait(due);
        }
        await JournalGapAsync(index, step, startedAt, round);
        using var roundSpan = StartRoundSpan(index, round, step, stage);
        var pending = stage.Targets.Where(t => !measurements.Any(m => m.Round == round && m.Target == t)).ToList();
        var taken = await Task.WhenAll(pending.Select(name =>
            MeasureAsync(index, round, name, step, AnalysisJudge.Streak(measurements.Where(m => m.Target == name).OrderBy(m => m.Round).ToList()), due, cancellationToken)));
        var all = measurements.Concat(taken).ToList();
        var drafts = taken.Select(m => Engine(m)).ToArray();
        if (AnalysisJudge.Judge(step, stage.Targets, all) is { } judgement)
        {
            return await ConcludeAsync(index, step, judgement, all.Count, drafts);
        }
        await AppendAsync(drafts);
        return StepOutcome.Wait(startedAt + (step.Interval * (round + 1)));
    }

    /// <summary>Journals the verdict (after <paramref name="measured"/>, in one commit) and what follows from it.</summary>
    private async Task<StepOutcome> ConcludeAsync(int index, AnalysisStep step, AnalysisJudgement judgement, int measurements, EventDraft[] measured)
    {
        TraceVerdict(judgement.Verdict, judgement.Explanation);
        var concluded = Engine(new AnalysisVerdict(
            index, judgement.Verdict, measurements, judgement.Failures, judgement.Inconclusive, judgement.Explanation, judgement.ConsecutiveFailures, judgement.Target));
        switch (judgement.Verdict)
        {
            case Verdict.Passed:
                await AppendAsync([.. measured, concluded]);
                return StepOutcome.Done;
            case Verdict.Failed when _plan.Rollback.OnAnalysisFailure:
                var reason = $"Analysis of {step.Metric} failed: {judgement.Detail}";
                await TransitionAsync(Lifecycle.Failed, reason, null, [.. measured, concluded, Engine(new RollbackRequested(reason))]);
                return StepOutcome.Stopped;
            default:
                // Without an automatic rollback, and whenever the data could not decide, a person does: resume to carry on, or roll back.
                var verdict = judgement.Verdict.ToString().ToLowerInvariant();
                await AppendAsync([.. measured, concluded, Engine(new Paused($"Analysis of {step.Metric} {verdict}: {judgement.Detail} Resume to continue or roll back."))]);
                return StepOutcome.Done;
        }
    }
}
