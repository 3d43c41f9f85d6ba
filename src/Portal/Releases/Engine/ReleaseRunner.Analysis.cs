using System.Globalization;
using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Portal.Templates;
using PortalRelease.Sdk;

namespace PortalRelease.Portal.Releases.Engine;

public sealed partial class ReleaseRunner
{
    /// <summary>
    /// One round per interval: each target's canary is measured over the last interval and judged against the
    /// step's bounds. Rounds already in the journal count, so a restart continues with the next round.
    /// </summary>
    private async Task<StepOutcome> AnalyseAsync(int index, PlanStage stage, AnalysisStep step, CancellationToken cancellationToken)
    {
        if (_view.Verdicts.ContainsKey(index))
        {
            return StepOutcome.Done;
        }
        var measurements = _view.MeasurementsOf(index).ToList();
        var failures = measurements.Count(m => m.Outcome == MeasurementOutcome.Failed);
        var inconclusive = measurements.Count(m => m.Outcome == MeasurementOutcome.Inconclusive);
        // Rounds count from 1; the first is measured one interval after the step starts, over that interval.
        var rounds = measurements.Count == 0 ? 0 : measurements.Max(m => m.Round);
        var roundComplete = rounds == 0 || measurements.Count(m => m.Round == rounds) >= stage.Targets.Count;
        if (failures > step.FailureLimit)
        {
            return await ConcludeAsync(index, step, Verdict.Failed, measurements, failures, inconclusive);
        }
        if (rounds >= step.Count && roundComplete)
        {
            var verdict = measurements.Any(m => m.Outcome == MeasurementOutcome.Passed) ? Verdict.Passed : Verdict.Inconclusive;
            return await ConcludeAsync(index, step, verdict, measurements, failures, inconclusive);
        }
        var round = roundComplete ? rounds + 1 : rounds;
        var startedAt = _view.StepStartedAt(index) ?? Now;
        var due = startedAt + (step.Interval * round);
        if (due > Now)
        {
            return StepOutcome.Wait(due);
        }
        var taken = new List<EventDraft>();
        foreach (var name in stage.Targets.Where(t => !measurements.Any(m => m.Round == round && m.Target == t)))
        {
            taken.Add(Engine(await MeasureAsync(index, round, name, step, cancellationToken)));
        }
        await AppendAsync([.. taken]);
        return StepOutcome.Wait(startedAt + (step.Interval * (round + 1)));
    }

    private async Task<MeasurementTaken> MeasureAsync(int index, int round, string name, AnalysisStep step, CancellationToken cancellationToken)
    {
        MeasurementTaken Result(double? value, long samples, MeasurementOutcome outcome, string why) =>
            new(index, round, name, step.Metric, value, samples, step.Max, step.Min, outcome, why);

        var target = await TargetAsync(name, cancellationToken);
        var source = target is null ? null : _services.Plugins.FindMetricSource(step.Provider ?? target.Kind);
        if (target is null || source is null)
        {
            return Result(null, 0, MeasurementOutcome.Inconclusive, $"No metric source for '{name}'.");
        }
        var query = new MetricQuery
        {
            Target = target,
            Metric = step.Metric,
            Cohort = Cohorts.Canary,
            Start = Now - step.Interval,
            End = Now,
            ReleaseId = ReleaseId,
            Version = _release.Version,
        };
        var (result, error) = await DriverCall.RunAsync(
            ct => source.QueryAsync(query, ct), _services.Options.DriverCallTimeout, $"Querying {step.Metric} on '{name}'", cancellationToken);
        if (error is not null)
        {
            return Result(null, 0, MeasurementOutcome.Inconclusive, error);
        }
        if (result!.Value is not { } value || result.SampleSize < Math.Max(1, step.MinSampleSize))
        {
            return Result(result.Value, result.SampleSize, MeasurementOutcome.Inconclusive,
                $"Too little traffic: {result.SampleSize} samples, at least {Math.Max(1, step.MinSampleSize)} needed.");
        }
        var shown = Format(value);
        if (step.Max is { } max && value > max)
        {
            return Result(value, result.SampleSize, MeasurementOutcome.Failed, $"{step.Metric} {shown} is above the maximum {Format(max)} ({result.SampleSize} samples).");
        }
        if (step.Min is { } min && value < min)
        {
            return Result(value, result.SampleSize, MeasurementOutcome.Failed, $"{step.Metric} {shown} is below the minimum {Format(min)} ({result.SampleSize} samples).");
        }
        return Result(value, result.SampleSize, MeasurementOutcome.Passed, $"{step.Metric} {shown} is within bounds ({result.SampleSize} samples).");
    }

    private async Task<StepOutcome> ConcludeAsync(int index, AnalysisStep step, Verdict verdict, List<MeasurementTaken> measurements, int failures, int inconclusive)
    {
        var explanation = verdict switch
        {
            Verdict.Failed => $"Failed: {failures} of {measurements.Count} measurements of {step.Metric} out of bounds (limit {step.FailureLimit}). "
                + measurements.Last(m => m.Outcome == MeasurementOutcome.Failed).Explanation,
            Verdict.Inconclusive => $"Inconclusive: none of {measurements.Count} measurements of {step.Metric} had enough data.",
            _ => $"Passed: {measurements.Count - failures - inconclusive} of {measurements.Count} measurements of {step.Metric} within bounds.",
        };
        var concluded = Engine(new AnalysisVerdict(index, verdict, measurements.Count, failures, inconclusive, explanation));
        switch (verdict)
        {
            case Verdict.Passed:
                await AppendAsync(concluded);
                return StepOutcome.Done;
            case Verdict.Failed when _plan.Rollback.OnAnalysisFailure:
                await AppendAsync(concluded);
                await FailAsync($"Analysis of {step.Metric} failed.", rollBack: true);
                return StepOutcome.Stopped;
            default:
                // Without an automatic rollback, a person decides: resume to carry on, or roll back.
                await AppendAsync(concluded, Engine(new Paused($"Analysis {verdict.ToString().ToLowerInvariant()}: resume to continue or roll back.")));
                return StepOutcome.Done;
        }
    }

    private static string Format(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
