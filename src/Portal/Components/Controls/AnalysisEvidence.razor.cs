using Microsoft.AspNetCore.Components;
using MudBlazor;
using PortalRelease.Portal.Components.Model;
using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Components.Controls;

/// <summary>Every measurement of every analysis step with its explanation, and the verdict that concluded it.</summary>
public partial class AnalysisEvidence
{
    [Parameter, EditorRequired]
    public required ReleaseLive Live { get; set; }

    private IEnumerable<(int Index, AnalysisStep Step)> Steps =>
        Live.Plan.Steps().Where(s => s.Step is AnalysisStep).Select(s => (s.Index, (AnalysisStep)s.Step));

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
