using PortalRelease.Portal.Releases.Journal;

namespace PortalRelease.Portal.Releases.Engine;

public sealed partial class ReleaseRunner
{
    private static readonly TimeSpan LeftoverRecheck = TimeSpan.FromSeconds(20);

    // The release last found in the way and when it was asked whether it only left its claims behind.
    private (string Behind, DateTimeOffset At)? _leftoverChecked;

    /// <summary>Every target of the plan, once, in order (known once <see cref="RunAsync"/> has read the plan).</summary>
    public IReadOnlyList<string> PlanTargets => _plan.Stages.SelectMany(s => s.Targets).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

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
        while (true)
        {
            var decision = await _services.Locks.AcquireAsync(ReleaseId, Hold.Fence, decision =>
                decision.AlreadyHeld ? []
                : decision.Granted ? [Engine(new TargetsLocked(PlanTargets))]
                : _view.QueuedBehind is not { } queued || queued.Behind != decision.Behind || queued.On != decision.On
                    ? [Engine(new Queued(decision.Behind!, decision.On!, PlanTargets))]
                    : []);
            // What the decision journaled (and anything written before it) comes back through the journal.
            await RefreshAsync(CancellationToken.None);
            if (decision.Granted || !await InTheWayOfLeftoverAsync(decision.Behind!))
            {
                return decision.Granted;
            }
            // Each pass drops one release's claims, so this ends.
            await _services.Locks.DropLeftoverAsync(decision.Behind!);
        }
    }

    /// <summary>
    /// Whether the release in the way only left its claims behind (<see cref="TargetLocks.IsLeftoverAsync"/>). Asked the
    /// first time a release is in the way, so a line rebuilt after a crash moves at once; then at most every
    /// <see cref="LeftoverRecheck"/> while the same release stays in the way, so a long line re-deciding every few
    /// seconds in a cluster does not read the holder's journal each time.
    /// </summary>
    private async Task<bool> InTheWayOfLeftoverAsync(string behind)
    {
        if (_leftoverChecked is { } last && last.Behind == behind && Now - last.At < LeftoverRecheck)
        {
            return false;
        }
        _leftoverChecked = (behind, Now);
        return await _services.Locks.IsLeftoverAsync(behind);
    }
}
