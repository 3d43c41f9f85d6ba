using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Verification;

/// <summary>A concluded analysis: the verdict, the counts behind it, and <see cref="Detail"/> in words and numbers.</summary>
public sealed record AnalysisJudgement(Verdict Verdict, int Failures, int Inconclusive, int ConsecutiveFailures, string? Target, string Detail)
{
    /// <summary>"Failed: …", "Inconclusive: …" or "Passed: …".</summary>
    public string Explanation => $"{Verdict}: {Detail}";
}

/// <summary>
/// Decides an analysis step from its measurements so far, or says it is not decided yet. In order: more failures
/// than the failure limit, or a target failing the consecutive-failure limit in a row, fails it; a target with more
/// inconclusive measurements than the inconclusive limit makes it inconclusive; once every target has had its
/// rounds, it passes only when every target passed at least once (too little data is never a pass).
/// </summary>
public static class AnalysisJudge
{
    public static AnalysisJudgement? Judge(AnalysisStep step, IReadOnlyList<string> targets, IReadOnlyList<MeasurementTaken> measurements)
    {
        var failures = measurements.Count(m => m.Outcome == MeasurementOutcome.Failed);
        var inconclusive = measurements.Count(m => m.Outcome == MeasurementOutcome.Inconclusive);
        var byTarget = targets.ToDictionary(t => t, t => measurements.Where(m => m.Target == t).OrderBy(m => m.Round).ToList(), StringComparer.Ordinal);
        var streaks = byTarget.ToDictionary(p => p.Key, p => Streak(p.Value), StringComparer.Ordinal);
        var (worstTarget, worstStreak) = streaks.OrderByDescending(p => p.Value).Select(p => (p.Key, p.Value)).FirstOrDefault();
        AnalysisJudgement Conclude(Verdict verdict, string? target, string detail) => new(verdict, failures, inconclusive, worstStreak, target, detail);

        if (step.ConsecutiveFailureLimit is { } row && worstStreak >= row)
        {
            var last = byTarget[worstTarget!][^1];
            return Conclude(Verdict.Failed, worstTarget,
                $"{Lower(last.Explanation)} On {worstTarget}: {EvidenceText.Count(worstStreak, "consecutive failure")} of {step.Metric} (limit {row}).");
        }
        if (failures > step.FailureLimit)
        {
            var last = measurements.Last(m => m.Outcome == MeasurementOutcome.Failed);
            var streak = last.Target is { } t && streaks.TryGetValue(t, out var s) && s > 1 ? $", {EvidenceText.Count(s, "consecutive failure")} on {t}" : "";
            return Conclude(Verdict.Failed, last.Target,
                $"{failures} of {measurements.Count} measurements of {step.Metric} failed (at most {step.FailureLimit} tolerated){streak}. Last on {last.Target}: {Lower(last.Explanation)}");
        }
        var limit = step.InconclusiveLimitOrDefault();
        foreach (var (target, list) in byTarget)
        {
            var count = list.Count(m => m.Outcome == MeasurementOutcome.Inconclusive);
            if (count > limit)
            {
                var last = list.Last(m => m.Outcome == MeasurementOutcome.Inconclusive);
                return Conclude(Verdict.Inconclusive, target,
                    $"{EvidenceText.Count(count, "inconclusive measurement")} of {step.Metric} on {target}, more than the limit {limit}. Last: {Lower(last.Explanation)}");
            }
        }
        if (byTarget.Values.Any(list => list.Count < step.Count))
        {
            return null;
        }
        var starved = byTarget.Where(p => !p.Value.Any(m => m.Outcome == MeasurementOutcome.Passed)).Select(p => p.Key).ToList();
        if (starved.Count > 0)
        {
            var last = byTarget[starved[0]][^1];
            return Conclude(Verdict.Inconclusive, starved[0],
                $"no measurement of {step.Metric} on {string.Join(", ", starved)} passed in {step.Count} rounds. Last: {Lower(last.Explanation)}");
        }
        var passed = measurements.Count(m => m.Outcome == MeasurementOutcome.Passed);
        var lastPassed = measurements.Last(m => m.Outcome == MeasurementOutcome.Passed);
        return Conclude(Verdict.Passed, null,
            $"{passed} of {measurements.Count} measurements of {step.Metric} passed ({failures} failed, {inconclusive} inconclusive). Last: {Lower(lastPassed.Explanation)}");
    }

    /// <summary>The run of failed rounds a target's measurements end with.</summary>
    public static int Streak(IReadOnlyList<MeasurementTaken> ordered)
    {
        var streak = 0;
        for (var i = ordered.Count - 1; i >= 0 && ordered[i].Outcome == MeasurementOutcome.Failed; i--)
        {
            streak++;
        }
        return streak;
    }

    // Explanations are sentences; inside a verdict they continue one.
    private static string Lower(string text) => text.Length > 1 && char.IsUpper(text[0]) && !char.IsUpper(text[1]) ? char.ToLowerInvariant(text[0]) + text[1..] : text;
}
