using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Verification;

/// <summary>The comparison of one round: its outcome, the test behind it (null when there was too little data) and why.</summary>
public sealed record ComparisonResult(MeasurementOutcome Outcome, MannWhitneyResult? Test, double? PValue, string Why);

/// <summary>
/// Decides whether a canary is significantly worse than its baseline by more than the tolerated margin. For a
/// lower-is-better metric the canary's points are tested against the baseline's multiplied by 1 + margin, with the
/// one-sided alternative "canary larger"; for higher-is-better against 1 − margin with "canary smaller". Too few
/// points in either cohort is inconclusive, never a pass.
/// </summary>
public static class BaselineComparison
{
    public static ComparisonResult Compare(IReadOnlyList<double> canary, IReadOnlyList<double> baseline, AnalysisBaseline options)
    {
        var finiteCanary = canary.Where(double.IsFinite).ToList();
        var finiteBaseline = baseline.Where(double.IsFinite).ToList();
        if (finiteCanary.Count < AnalysisBaseline.MinPoints || finiteBaseline.Count < AnalysisBaseline.MinPoints)
        {
            return new ComparisonResult(MeasurementOutcome.Inconclusive, null, null,
                $"too few points to compare: {finiteCanary.Count} canary and {finiteBaseline.Count} baseline, at least {AnalysisBaseline.MinPoints} each needed");
        }
        var scale = options.ScaleFactor();
        var scaled = finiteBaseline.Select(v => v * scale).ToList();
        var test = MannWhitney.Test(finiteCanary, scaled);
        var p = options.Direction == MetricDirection.LowerIsBetter ? test.PGreater : test.PLess;
        var tolerance = options.Describe().Replace("≤ ", "", StringComparison.Ordinal).Replace("≥ ", "", StringComparison.Ordinal);
        var worse = options.Direction == MetricDirection.LowerIsBetter ? "higher" : "lower";
        return p < options.Alpha
            ? new ComparisonResult(MeasurementOutcome.Failed, test, p, $"significantly {worse} than {tolerance} at α {EvidenceText.Number(options.Alpha)}")
            : new ComparisonResult(MeasurementOutcome.Passed, test, p, $"not significantly {worse} than {tolerance} at α {EvidenceText.Number(options.Alpha)}");
    }
}
