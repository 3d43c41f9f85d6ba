using Microsoft.AspNetCore.Components;
using PortalRelease.Portal.Releases.Engine;
using PortalRelease.Portal.Slos;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Components.Controls;

/// <summary>The plan's error-budget gate and burn-rate policy, one line per SLO of the service.</summary>
public partial class PlanSloNote
{
    [Parameter, EditorRequired]
    public required ReleasePlan Plan { get; set; }

    private string Text(SloDefinition slo) =>
        $"SLO {slo.Name} of {Plan.Service}: {SloText.Percent(slo.Objective)} over {SloText.Window(slo.Window)}. " +
        $"Pauses above {SloText.Burn(slo.BurnRate.PauseAbove)} burn over {SloText.Window(slo.BurnRate.ShortWindow)}; " +
        $"while the budget is spent the release waits before its first step (override gate {GateNames.ErrorBudget}).";
}
