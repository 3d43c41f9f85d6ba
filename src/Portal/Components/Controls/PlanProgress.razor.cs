using Microsoft.AspNetCore.Components;
using MudBlazor;
using PortalRelease.Portal.Components.Model;
using PortalRelease.Portal.Releases;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Components.Controls;

/// <summary>The plan's steps as done, current, stopped (where a finished release left off) or pending.</summary>
public partial class PlanProgress
{
    public enum StepStatus
    {
        Done,
        Current,
        Stopped,
        Pending,
    }

    [Parameter, EditorRequired]
    public required ReleaseLive Live { get; set; }

    private StepStatus StatusOf(int index)
    {
        var view = Live.View;
        if (view.IsCompleted(index))
        {
            return StepStatus.Done;
        }
        // In a train every running component has a step in flight; elsewhere that is the current step.
        if (view.CurrentStep == index || view.InFlightSteps.Contains(index))
        {
            return ReleaseStateMachine.IsInProgress(view.State) && view.PendingRollback is null ? StepStatus.Current : StepStatus.Stopped;
        }
        return StepStatus.Pending;
    }

    private string? Note(int index, PlanStep step, StepStatus status)
    {
        var view = Live.View;
        if (step is AnalysisStep analysis && view.HasStarted(index))
        {
            var rounds = view.MeasurementsOf(index).Select(m => m.Round).DefaultIfEmpty(0).Max();
            return view.Verdicts.TryGetValue(index, out var verdict) ? verdict.Verdict.ToString() : $"round {rounds} of {analysis.Count}";
        }
        if (step is PauseStep && status == StepStatus.Current && view.HasPauseStarted(index))
        {
            return view.PauseUntil(index) is { } until ? $"until {RelativeTime.Clock(until)} UTC" : "waiting for someone to resume";
        }
        return null;
    }

    private static string Icon(StepStatus status) => status switch
    {
        StepStatus.Done => Icons.Material.Filled.CheckCircle,
        StepStatus.Stopped => Icons.Material.Filled.Cancel,
        _ => Icons.Material.Filled.RadioButtonUnchecked,
    };

    private static Color StatusColor(StepStatus status) => status switch
    {
        StepStatus.Done => Color.Success,
        StepStatus.Stopped => Color.Error,
        _ => Color.Default,
    };
}
