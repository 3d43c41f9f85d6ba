using PortalRelease.Portal.Releases.Engine;
using PortalRelease.Portal.Slos;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Gates;

/// <summary>A gate that holds a new release before its first step, as known when it is created.</summary>
/// <param name="Gate">The gate an override names: <c>error-budget</c> or <c>window</c>.</param>
/// <param name="Stage">The stage whose first step waits.</param>
/// <param name="Reason">Why, in the words the release page and journal use.</param>
/// <param name="OpensAt">When the window opens, for a calendar wait.</param>
public sealed record GateWaitPreview(string Gate, string Stage, string Reason, DateTimeOffset? OpensAt);

/// <summary>
/// What a release of a plan would wait for if it were started now: a spent error budget and a closed calendar of the
/// first stage. Creation answers with it, so a client learns at once that its release waits (and which gate an override
/// names) instead of finding out from the journal.
/// </summary>
public sealed class GatePreview(ErrorBudgetFreeze errorBudget, GateConfig gates, TimeProvider time)
{
    public async Task<IReadOnlyList<GateWaitPreview>> PreviewAsync(ReleasePlan plan, string templateName, CancellationToken cancellationToken)
    {
        if (plan.Stages.Count == 0)
        {
            return [];
        }
        var first = plan.Stages[0];
        var waits = new List<GateWaitPreview>();
        if (await errorBudget.CheckAsync(plan, templateName, cancellationToken) is { } freeze)
        {
            waits.Add(new GateWaitPreview(GateNames.ErrorBudget, first.Name, freeze.Reason, null));
        }
        if (gates.Check(first.EnvironmentName(), time.GetUtcNow()) is { IsOpen: false } closed)
        {
            waits.Add(new GateWaitPreview(GateNames.Window, first.Name, closed.Reason!, closed.OpensAt));
        }
        return waits;
    }
}
