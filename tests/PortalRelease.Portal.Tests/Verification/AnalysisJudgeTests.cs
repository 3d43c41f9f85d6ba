using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Portal.Templates;
using PortalRelease.Portal.Verification;
using PortalRelease.Sdk;

namespace PortalRelease.Portal.Tests.Verification;

/// <summary>How rounds add up to a verdict, and how one round is judged from what the metric source answered.</summary>
public sealed class AnalysisJudgeTests
{
    private static readonly string[] OneTarget = ["eu"];
    private static readonly AnalysisStep Consecutive = new("latency-p95", null, 200, null, TimeSpan.FromSeconds(1), 10, 10, 0, ConsecutiveFailureLimit: 3);

    [Fact]
    public void ConsecutiveLimit_FailsOnTheThirdFailureInARow_NotOnThreeScattered()
    {
        var scattered = Rounds("eu", "FPFPF");
        var inARow = Rounds("eu", "PFFF");

        Assert.Null(AnalysisJudge.Judge(Consecutive, OneTarget, scattered));
        var verdict = AnalysisJudge.Judge(Consecutive, OneTarget, inARow)!;
        Assert.Equal(Verdict.Failed, verdict.Verdict);
        Assert.Equal(3, verdict.ConsecutiveFailures);
        Assert.Equal("eu", verdict.Target);
        Assert.EndsWith("On eu: 3 consecutive failures of latency-p95 (limit 3).", verdict.Explanation);
    }

    [Fact]
    public void InconclusiveLimit_CountsPerTarget_AndTheDefaultIsCount()
    {
        var step = new AnalysisStep("error-rate", null, 0.1, null, TimeSpan.FromSeconds(1), 3, 0, 0, InconclusiveLimit: 1);
        var withDefault = step with { InconclusiveLimit = null };
        var measurements = Rounds("eu", "IP").Concat(Rounds("us", "PI")).ToList();
        var twice = Rounds("eu", "II");

        Assert.Null(AnalysisJudge.Judge(step, ["eu", "us"], measurements));
        Assert.Equal(Verdict.Inconclusive, AnalysisJudge.Judge(step, OneTarget, twice)!.Verdict);
        Assert.Null(AnalysisJudge.Judge(withDefault, OneTarget, twice));
    }

    [Fact]
    public void AfterCount_PassesOnlyWhenEveryTargetPassedOnce()
    {
        var step = new AnalysisStep("error-rate", null, 0.1, null, TimeSpan.FromSeconds(1), 2, 0, 0);
        var bothPassed = Rounds("eu", "IP").Concat(Rounds("us", "PP")).ToList();
        var oneStarved = Rounds("eu", "II").Concat(Rounds("us", "PP")).ToList();

        Assert.Equal(Verdict.Passed, AnalysisJudge.Judge(step, ["eu", "us"], bothPassed)!.Verdict);
        var starved = AnalysisJudge.Judge(step, ["eu", "us"], oneStarved)!;
        Assert.Equal(Verdict.Inconclusive, starved.Verdict);
        Assert.Contains("no measurement of error-rate on eu passed in 2 rounds", starved.Explanation);
    }

    [Fact]
    public void Round_BoundsAndComparisonCombine_AndThinBaselineIsInconclusive()
    {
        var step = new AnalysisStep("latency-p95", null, 1000, null, TimeSpan.FromSeconds(5), 3, 0, 10, Baseline: new AnalysisBaseline(0.1, 0.05, MetricDirection.LowerIsBetter));
        var slow = Reading(400, 5, 100);
        var healthy = Reading(120, 5, 100);

        var failed = MeasurementJudge.Judge(0, 1, "eu", step, slow, healthy, previousStreak: 1);
        var thin = MeasurementJudge.Judge(0, 1, "eu", step, healthy, Reading(120, 5, 3), previousStreak: 1);
        var fewPoints = MeasurementJudge.Judge(0, 1, "eu", step, healthy, Reading(120, 4, 100), previousStreak: 0);
        var unreachable = MeasurementJudge.Judge(0, 1, "eu", step, CohortReading.Failed("Querying failed: timeout."), healthy, previousStreak: 0);

        Assert.Equal(MeasurementOutcome.Failed, failed.Outcome);
        Assert.Equal(2, failed.ConsecutiveFailures);
        Assert.StartsWith("latency-p95 400 is within bounds (100 samples). canary latency-p95 400 ms vs baseline 120 ms, p = 0.004", failed.Explanation);
        Assert.Equal(MeasurementOutcome.Inconclusive, thin.Outcome);
        Assert.Equal(0, thin.ConsecutiveFailures);
        Assert.Contains("Too little baseline traffic to compare: 3 samples, at least 10 needed.", thin.Explanation);
        Assert.Equal(MeasurementOutcome.Inconclusive, fewPoints.Outcome);
        Assert.Contains("too few points to compare: 5 canary and 4 baseline, at least 5 each needed", fewPoints.Explanation);
        Assert.Equal(MeasurementOutcome.Inconclusive, unreachable.Outcome);
        Assert.Equal("Querying failed: timeout.", unreachable.Explanation);
    }

    /// <summary>One reading per second around <paramref name="level"/> (distinct values, so no ties).</summary>
    private static CohortReading Reading(double level, int points, long samples)
    {
        var start = DateTimeOffset.UnixEpoch;
        var series = Enumerable.Range(0, points).Select(i => new MetricPoint(start.AddSeconds(i), level + i)).ToList();
        return new CohortReading(new MetricResult { Value = level, SampleSize = samples, Points = series }, null);
    }

    /// <summary>Rounds 1.. of one target from a pattern: P passed, F failed, I inconclusive.</summary>
    private static List<MeasurementTaken> Rounds(string target, string pattern) =>
        pattern.Select((c, i) => new MeasurementTaken(0, i + 1, target, "latency-p95", 1, 100, null, null,
            c switch { 'P' => MeasurementOutcome.Passed, 'F' => MeasurementOutcome.Failed, _ => MeasurementOutcome.Inconclusive },
            $"round {i + 1} of {target}.")).ToList();
}
