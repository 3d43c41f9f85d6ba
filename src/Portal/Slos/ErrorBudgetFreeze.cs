using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Slos;

/// <summary>A service whose error budget is spent: the lowest budget remaining among its SLOs and the reason people read.</summary>
public sealed record BudgetFreeze(string Service, double Remaining, string Reason);

/// <summary>
/// Whether a release of a plan would be frozen by its service's error budget now. The engine holds the release's first
/// deploying step on it; the plan preview and release creation say so before anything starts. Reads through
/// <see cref="SloCache"/>, so all three agree and a 30-day window is not measured for each.
/// </summary>
public sealed class ErrorBudgetFreeze(SloCache measurements)
{
    /// <summary>The freeze in force for <paramref name="plan"/>, or null when no SLO of its service has spent its budget (or none has data).</summary>
    public async Task<BudgetFreeze?> CheckAsync(ReleasePlan plan, string? templateName, CancellationToken cancellationToken)
    {
        if (plan.Slos.Count == 0)
        {
            return null;
        }
        var service = plan.Service ?? templateName ?? "";
        var targets = Targets(plan);
        double? spent = null;
        foreach (var slo in plan.Slos)
        {
            var status = await measurements.StatusAsync(service, slo, targets, cancellationToken);
            if (status.IsSpent && (spent is null || status.BudgetRemaining < spent))
            {
                spent = status.BudgetRemaining;
            }
        }
        return spent is { } remaining ? new BudgetFreeze(service, remaining, SloText.Frozen(service, remaining)) : null;
    }

    /// <summary>The plan's targets as the engine counts them: each once, in ordinal order.</summary>
    public static IReadOnlyList<string> Targets(ReleasePlan plan) =>
        plan.Stages.SelectMany(s => s.Targets).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
}
