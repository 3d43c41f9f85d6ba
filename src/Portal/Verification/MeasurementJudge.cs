using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Portal.Templates;
using PortalRelease.Sdk;

namespace PortalRelease.Portal.Verification;

/// <summary>What a metric source answered for one cohort: a result, or why there is none.</summary>
public sealed record CohortReading(MetricResult? Result, string? Error)
{
    public static CohortReading Failed(string error) => new(null, error);
}

/// <summary>
/// Judges one round of one target: the canary against the step's bounds and, when the step compares, against the
/// baseline. A bound crossed or a significantly worse canary fails the round; too little data in either cohort is
/// inconclusive; only a round with enough data that crosses nothing passes.
/// </summary>
public static class MeasurementJudge
{
    public static MeasurementTaken Judge(int index, int round, string target, AnalysisStep step, CohortReading canary, CohortReading? baseline, int previousStreak)
    {
        var minSamples = Math.Max(1, step.MinSampleSize);
        MeasurementTaken Result(double? value, long samples, MeasurementOutcome outcome, string why, BaselineEvidence? evidence = null) =>
            new(index, round, target, step.Metric, value, samples, step.Max, step.Min, outcome, why, evidence,
                outcome == MeasurementOutcome.Failed ? previousStreak + 1 : 0);

        if (canary.Error is { } error)
        {
            return Result(null, 0, MeasurementOutcome.Inconclusive, error);
        }
        var result = canary.Result!;
        if (result.Value is not { } value || result.SampleSize < minSamples)
        {
            return Result(result.Value, result.SampleSize, MeasurementOutcome.Inconclusive,
                $"Too little traffic: {result.SampleSize} samples, at least {minSamples} needed.");
        }
        var (boundFailed, boundText) = Bounds(step, value, result.SampleSize);
        if (step.Baseline is not { } options)
        {
            return Result(value, result.SampleSize, boundFailed ? MeasurementOutcome.Failed : MeasurementOutcome.Passed, boundText);
        }
        var (evidence, comparisonText) = Compare(step, options, result, baseline ?? CohortReading.Failed("No baseline was measured."), minSamples);
        var outcome = boundFailed || evidence.Outcome == MeasurementOutcome.Failed ? MeasurementOutcome.Failed
            : evidence.Outcome == MeasurementOutcome.Inconclusive ? MeasurementOutcome.Inconclusive
            : MeasurementOutcome.Passed;
        var why = step.Max is null && step.Min is null ? comparisonText : $"{boundText} {comparisonText}";
        return Result(value, result.SampleSize, outcome, why, evidence);
    }

    private static (bool Failed, string Text) Bounds(AnalysisStep step, double value, long samples)
    {
        var shown = EvidenceText.Number(value);
        if (step.Max is { } max && value > max)
        {
            return (true, $"{step.Metric} {shown} is above the maximum {EvidenceText.Number(max)} ({samples} samples).");
        }
        if (step.Min is { } min && value < min)
        {
            return (true, $"{step.Metric} {shown} is below the minimum {EvidenceText.Number(min)} ({samples} samples).");
        }
        return (false, $"{step.Metric} {shown} is within bounds ({samples} samples).");
    }

    private static (BaselineEvidence Evidence, string Text) Compare(AnalysisStep step, AnalysisBaseline options, MetricResult canary, CohortReading baseline, long minSamples)
    {
        var direction = AnalysisBaseline.DirectionName(options.Direction);
        BaselineEvidence Inconclusive(double? value, long samples, int baselinePoints) =>
            new(value, samples, canary.Points.Count, baselinePoints, options.Margin, options.Alpha, direction,
                null, null, null, false, null, null, MeasurementOutcome.Inconclusive);

        if (baseline.Error is { } error)
        {
            return (Inconclusive(null, 0, 0), $"Baseline not compared: {error}");
        }
        var result = baseline.Result!;
        if (result.Value is null || result.SampleSize < minSamples)
        {
            return (Inconclusive(result.Value, result.SampleSize, result.Points.Count),
                $"Too little baseline traffic to compare: {result.SampleSize} samples, at least {minSamples} needed.");
        }
        var comparison = BaselineComparison.Compare(
            canary.Points.Select(p => p.Value).ToList(), result.Points.Select(p => p.Value).ToList(), options);
        var test = comparison.Test;
        var evidence = new BaselineEvidence(
            result.Value, result.SampleSize, canary.Points.Count, result.Points.Count, options.Margin, options.Alpha, direction,
            test?.U1, test?.Z, comparison.PValue, test?.Exact ?? false, test?.RankBiserial, RawMedianRatio(canary, result), comparison.Outcome);
        var versus = $"canary {step.Metric} {EvidenceText.Value(step.Metric, canary.Value!.Value)} vs baseline {EvidenceText.Value(step.Metric, result.Value.Value)}";
        if (test is null)
        {
            return (evidence, $"{versus}: {comparison.Why}.");
        }
        var ratio = evidence.MedianRatio is { } r ? $", medians {EvidenceText.Ratio(r)}" : "";
        var method = test.Exact ? "exact" : $"z = {EvidenceText.Number(Math.Round(test.Z, 2))}";
        return (evidence,
            $"{versus}, {EvidenceText.P(comparison.PValue!.Value)}: {comparison.Why} ({test.N1} vs {test.N2} points, U = {EvidenceText.Number(test.U1)}, {method}, rank-biserial {EvidenceText.Number(Math.Round(test.RankBiserial, 2))}{ratio}).");
    }

    /// <summary>median(canary) ÷ median(baseline) of the unscaled points: the effect a person reads as "×2.3 slower".</summary>
    private static double? RawMedianRatio(MetricResult canary, MetricResult baseline)
    {
        if (canary.Points.Count == 0 || baseline.Points.Count == 0)
        {
            return null;
        }
        var below = MannWhitney.Median(baseline.Points.Select(p => p.Value).ToList());
        return below == 0 ? null : MannWhitney.Median(canary.Points.Select(p => p.Value).ToList()) / below;
    }
}
