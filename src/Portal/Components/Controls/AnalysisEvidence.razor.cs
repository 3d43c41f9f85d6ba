using Microsoft.AspNetCore.Components;
using MudBlazor;
using PortalRelease.Portal.Components.Model;
using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Portal.Templates;
using PortalRelease.Portal.Verification;

namespace PortalRelease.Portal.Components.Controls;

/// <summary>
/// Every measurement of every analysis step with its evidence (canary against bounds and baseline, p and effect
/// size when the step compares) and the verdict that concluded it, in words and numbers.
/// </summary>
public partial class AnalysisEvidence
{
    [Parameter, EditorRequired]
    public required ReleaseLive Live { get; set; }

    private IEnumerable<(int Index, AnalysisStep Step)> Steps =>
        Live.Plan.Steps().Where(s => s.Step is AnalysisStep).Select(s => (s.Index, (AnalysisStep)s.Step));

    /// <summary>The verdict as a person would say it, and what happens next.</summary>
    private static string VerdictWords(AnalysisVerdict verdict, AnalysisStep step) => verdict.Verdict switch
    {
        Verdict.Failed => $"The canary failed the analysis of {step.Metric}"
            + (verdict.ConsecutiveFailures > 1 && verdict.Target is { } target ? $": {verdict.ConsecutiveFailures} failures in a row on {target}." : $": {verdict.Failures} of {verdict.Measurements} measurements failed."),
        Verdict.Inconclusive => $"Not enough evidence to judge {step.Metric}: the release waits for a person to resume it or roll it back.",
        _ => $"The canary passed the analysis of {step.Metric}.",
    };

    private static string ValueText(string metric, double? value) => value is { } v ? EvidenceText.Value(metric, v) : "–";

    private static string PText(BaselineEvidence? evidence) => evidence?.PValue is { } p ? EvidenceText.P(p) : "–";

    /// <summary>Rank-biserial correlation (−1 to 1; 1: every canary point worse) and the ratio of medians.</summary>
    private static string EffectText(BaselineEvidence? evidence)
    {
        if (evidence?.RankBiserial is not { } r)
        {
            return "–";
        }
        var ratio = evidence.MedianRatio is { } m ? $", medians {EvidenceText.Ratio(m)}" : "";
        return $"r = {EvidenceText.Number(Math.Round(r, 2))}{ratio}";
    }

    private static string SamplesText(MeasurementTaken m) =>
        m.Baseline is { } b ? $"{m.SampleSize} / {b.SampleSize}" : m.SampleSize.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static Color VerdictColor(Verdict verdict) => verdict switch
    {
        Verdict.Passed => Color.Success,
        Verdict.Failed => Color.Error,
        _ => Color.Warning,
    };

    private static Color OutcomeColor(MeasurementOutcome outcome) => outcome switch
    {
        MeasurementOutcome.Passed => Color.Success,
        MeasurementOutcome.Failed => Color.Error,
        _ => Color.Warning,
    };
}
