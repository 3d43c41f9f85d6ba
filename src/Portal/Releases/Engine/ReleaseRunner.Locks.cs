using PortalRelease.Portal.Releases.Journal;

namespace PortalRelease.Portal.Releases.Engine;

public sealed partial class ReleaseRunner
{
    /// <summary>Every target the plan touches, in a stable order.</summary>
    private IReadOnlyList<string> PlanTargets => _plan.Stages.SelectMany(s => s.Targets).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    /// <summary>Puts the release in line for its targets (again, after a restart) when its journal says it holds or waits for them.</summary>
    private async Task ClaimTargetsAsync()
    {
        if (TargetLocks.ClaimOf(_view) is { } holds)
        {
            await _services.Locks.ClaimAsync(ReleaseId, _release.CreatedAt, PlanTargets, holds);
        }
    }

    /// <summary>True when the release holds every target of its plan; otherwise it waits in line, visibly.</summary>
    private async Task<bool> TakeTargetsAsync()
    {
        await ClaimTargetsAsync();
        var decision = await _services.Locks.AcquireAsync(ReleaseId, Hold.Fence, decision =>
            decision.AlreadyHeld ? []
            : decision.Granted ? [Engine(new TargetsLocked(PlanTargets))]
            : _view.QueuedBehind is not { } queued || queued.Behind != decision.Behind || queued.On != decision.On
                ? [Engine(new Queued(decision.Behind!, decision.On!, PlanTargets))]
                : []);
        // What the decision journaled (and anything written before it) comes back through the journal.
        await RefreshAsync(CancellationToken.None);
        return decision.Granted;
    }
}
