using Microsoft.AspNetCore.Components;
using MudBlazor;
using PortalRelease.Portal.Components.Model;
using PortalRelease.Portal.Releases;
using PortalRelease.Portal.Templates;
using PortalRelease.Sdk;

namespace PortalRelease.Portal.Components.Controls;

/// <summary>Every stage (or wave) of the release with its status, and each of its targets with where it stands.</summary>
public partial class WaveProgress
{
    public enum WaveStatus
    {
        Pending,
        Running,
        Done,
        Halted,
    }

    public sealed record WaveRow(PlanStage Stage, WaveStatus Status, IReadOnlyList<TargetProgress> Targets);

    [Parameter, EditorRequired]
    public required ReleaseLive Live { get; set; }

    private IEnumerable<WaveRow> Waves()
    {
        var view = Live.View;
        var steps = Live.Plan.Steps().ToList();
        foreach (var stage in Live.Plan.Stages)
        {
            var indexes = steps.Where(s => ReferenceEquals(s.Stage, stage)).Select(s => s.Index).ToList();
            var status = indexes.All(view.IsCompleted) ? WaveStatus.Done
                : !indexes.Any(view.HasStarted) ? (view.IsFinal || view.PendingRollback is not null ? WaveStatus.Halted : WaveStatus.Pending)
                : ReleaseStateMachine.IsInProgress(view.State) && view.PendingRollback is null ? WaveStatus.Running
                : WaveStatus.Halted;
            // In a train a target may serve several components: each row shows its component's own progress.
            var componentSteps = stage.Component is { } component ? Live.Plan.StepsOf(component).Select(s => s.Index).ToHashSet() : null;
            var targets = stage.Targets.Select(t => componentSteps is null ? view.ProgressOf(t) : view.ProgressOf(t, componentSteps)).ToList();
            yield return new WaveRow(stage, status, targets);
        }
    }

    /// <summary>The row's status in words; in a train, also what the component waits for or why it stopped.</summary>
    private string StatusText(WaveRow row)
    {
        var text = WaveText(row.Status);
        if (row.Stage.Component is not { } component)
        {
            return text;
        }
        var view = Live.View;
        if (view.FailedComponent is { } failed && row.Status == WaveStatus.Halted)
        {
            return component == failed.Component ? "failed"
                : failed.Dependants.Contains(component) ? $"skipped: it depends on {failed.Component}, which failed"
                : failed.Halted.Contains(component) ? $"stopped: {failed.Component} failed"
                : $"not started: {failed.Component} failed";
        }
        if (row.Status == WaveStatus.Pending)
        {
            var waiting = row.Stage.DependsOn.Where(d => !Live.Plan.StepsOf(d).All(s => view.IsCompleted(s.Index))).ToList();
            return waiting.Count == 0 ? text : $"waiting for {string.Join(", ", waiting)}";
        }
        return text;
    }

    private static string StrategyName(PlanStage stage) => stage.Strategy switch
    {
        DeploymentStrategy.BlueGreen => "blue-green",
        DeploymentStrategy.Rolling => "rolling",
        DeploymentStrategy.AllAtOnce => "all at once",
        _ => "canary",
    };

    private static string WaveText(WaveStatus status) => status switch
    {
        WaveStatus.Done => "done",
        WaveStatus.Running => "running",
        WaveStatus.Halted => "halted",
        _ => "waiting",
    };

    private static string PhaseText(TargetProgress target) => target.Phase switch
    {
        TargetPhase.Live => "live",
        TargetPhase.RolledBack => "rolled back",
        TargetPhase.Failed => "failed",
        TargetPhase.InProgress when target.LastAction is { Cohort: Cohorts.Preview } => "preview deployed",
        TargetPhase.InProgress when target.LastAction is { Cohort: Cohorts.Mirror } a => $"mirroring {a.Weight}%",
        TargetPhase.InProgress when target.LastAction is { } a => $"{a.Cohort} {a.Weight}%",
        _ => "not started",
    };

    private static Color PhaseColor(TargetPhase phase) => phase switch
    {
        TargetPhase.Live => Color.Success,
        TargetPhase.InProgress => Color.Primary,
        TargetPhase.Failed => Color.Error,
        TargetPhase.RolledBack => Color.Warning,
        _ => Color.Default,
    };

    private static string WaveIcon(WaveStatus status) => status switch
    {
        WaveStatus.Done => Icons.Material.Filled.CheckCircle,
        WaveStatus.Running => Icons.Material.Filled.PlayCircle,
        WaveStatus.Halted => Icons.Material.Filled.Cancel,
        _ => Icons.Material.Filled.RadioButtonUnchecked,
    };

    private static Color WaveColor(WaveStatus status) => status switch
    {
        WaveStatus.Done => Color.Success,
        WaveStatus.Running => Color.Primary,
        WaveStatus.Halted => Color.Error,
        _ => Color.Default,
    };
}
