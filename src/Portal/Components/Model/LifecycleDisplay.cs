using MudBlazor;
using PortalRelease.Portal.Releases;

namespace PortalRelease.Portal.Components.Model;

/// <summary>How a release's lifecycle state and sub-state read and look, the same on every page.</summary>
public static class LifecycleDisplay
{
    public static string Label(Lifecycle state) => state switch
    {
        Lifecycle.RolledBack => "Rolled back",
        _ => state.ToString(),
    };

    public static Color Color(Lifecycle state) => state switch
    {
        Lifecycle.Proposed => MudBlazor.Color.Default,
        Lifecycle.Validated => MudBlazor.Color.Info,
        Lifecycle.Deploying => MudBlazor.Color.Primary,
        Lifecycle.Verifying => MudBlazor.Color.Secondary,
        Lifecycle.Promoted => MudBlazor.Color.Success,
        Lifecycle.Failed => MudBlazor.Color.Error,
        Lifecycle.RolledBack => MudBlazor.Color.Warning,
        _ => MudBlazor.Color.Default,
    };

    public static string Icon(Lifecycle state) => state switch
    {
        Lifecycle.Proposed => Icons.Material.Filled.HourglassEmpty,
        Lifecycle.Validated => Icons.Material.Filled.FactCheck,
        Lifecycle.Deploying => Icons.Material.Filled.RocketLaunch,
        Lifecycle.Verifying => Icons.Material.Filled.QueryStats,
        Lifecycle.Promoted => Icons.Material.Filled.CheckCircle,
        Lifecycle.Failed => Icons.Material.Filled.Error,
        Lifecycle.RolledBack => Icons.Material.Filled.Undo,
        _ => Icons.Material.Filled.Block,
    };

    /// <summary>The visible sub-state beside the lifecycle state: a rollback or abort under way, or a pause.</summary>
    public static SubState? SubStateOf(ReleaseView view) => view switch
    {
        { PendingRollback.IsAbort: true } => new SubState("Aborting", MudBlazor.Color.Error, Icons.Material.Filled.StopCircle),
        { PendingRollback: not null } => new SubState("Rolling back", MudBlazor.Color.Error, Icons.Material.Filled.Undo),
        { IsPaused: true } => new SubState("Paused", MudBlazor.Color.Warning, Icons.Material.Filled.PauseCircle),
        { IsAwaitingApproval: true } => new SubState("Awaiting approval", MudBlazor.Color.Info, Icons.Material.Filled.HowToReg),
        { GateSubState: { } gate } => new SubState(gate, MudBlazor.Color.Info, Icons.Material.Filled.EventBusy),
        { QueuedBehind: { } queued } => new SubState(ReleaseView.QueuedText(queued), MudBlazor.Color.Info, Icons.Material.Filled.Queue),
        _ => null,
    };

    public sealed record SubState(string Label, Color Color, string Icon);
}
