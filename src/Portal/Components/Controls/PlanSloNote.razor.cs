using Microsoft.AspNetCore.Components;
using PortalRelease.Portal.Releases.Engine;
using PortalRelease.Portal.Slos;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Components.Controls;

/// <summary>The plan's error-budget gate and burn-rate policy, one line per SLO of the service, and the freeze when the budget is spent now.</summary>
public partial class PlanSloNote
{
    private BudgetFreeze? _freeze;

    [Parameter, EditorRequired]
    public required ReleasePlan Plan { get; set; }

    [Inject]
    public required ErrorBudgetFreeze Freeze { get; init; }

    /// <summary>Whether the service's budget is spent now, so the preview says the release will wait before it is created.</summary>
    protected override async Task OnParametersSetAsync() =>
        _freeze = Plan.Slos.Count == 0 ? null : await Freeze.CheckAsync(Plan, null, CancellationToken.None);

    private string Text(SloDefinition slo) =>
        $"SLO {slo.Name} of {Plan.Service}: {SloText.Percent(slo.Objective)} over {SloText.Window(slo.Window)}. " +
        $"Pauses above {SloText.Burn(slo.BurnRate.PauseAbove)} burn over {SloText.Window(slo.BurnRate.ShortWindow)}" +
        (slo.BurnRate.PauseAboveLong is { } slow ? $", or above {SloText.Burn(slow)} over both {SloText.Window(slo.BurnRate.LongWindow)} and {SloText.Window(slo.BurnRate.ShortWindow)}; " : "; ") +
        $"while the budget is spent the release waits before its first step (override gate {GateNames.ErrorBudget}).";
}
