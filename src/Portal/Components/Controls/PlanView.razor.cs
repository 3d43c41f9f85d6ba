using Microsoft.AspNetCore.Components;
using MudBlazor;
using PortalRelease.Portal.Components.Model;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Components.Controls;

/// <summary>A plan as the wizard previews it: stages, targets, each step in words, rollback policy, duration.</summary>
public partial class PlanView
{
    [Parameter, EditorRequired]
    public required ReleasePlan Plan { get; set; }

    private PlanEstimate Estimate => PlanEstimate.Of(Plan);

    private string RollbackText => Plan.Rollback.OnAnalysisFailure
        ? "On failed analysis: roll back to the previous version automatically."
        : "On failed analysis: pause and wait for a person to resume or roll back.";

    public static string StepIcon(PlanStep step) => step switch
    {
        SetWeightStep => Icons.Material.Filled.Tune,
        PauseStep { Duration: null } => Icons.Material.Filled.FrontHand,
        PauseStep => Icons.Material.Filled.HourglassTop,
        AnalysisStep => Icons.Material.Filled.QueryStats,
        PromoteStep => Icons.Material.Filled.Verified,
        ApprovalStep => Icons.Material.Filled.HowToReg,
        StrategyApplyStep { Promotes: true } => Icons.Material.Filled.Verified,
        StrategyApplyStep => Icons.Material.Filled.SwapHoriz,
        BakeStep or KeepWarmStep => Icons.Material.Filled.HourglassTop,
        _ => Icons.Material.Filled.Circle,
    };
}
