using System.Text.Json;
using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Releases.Engine;

public sealed partial class ReleaseEngine
{
    /// <summary>Puts every unsettled release back in line, holders first, from what their journals say.</summary>
    private async Task RebuildLocksAsync(IReadOnlyList<string> unsettled, CancellationToken cancellationToken)
    {
        var events = await services.Journal.ReadManyAsync(unsettled, cancellationToken);
        foreach (var id in unsettled)
        {
            var record = await services.Releases.GetAsync(id, cancellationToken);
            var view = ReleaseView.From(id, events.GetValueOrDefault(id) ?? []);
            if (record is null || TargetLocks.ClaimOf(view) is not { } holds)
            {
                continue;
            }
            var plan = JsonSerializer.Deserialize<ReleasePlan>(record.Plan, JournalJson.Options);
            var targets = plan?.Stages.SelectMany(s => s.Targets) ?? [];
            await services.Locks.ClaimAsync(id, record.CreatedAt, targets, holds);
        }
    }

    /// <summary>The release settled: frees its targets and wakes whoever waits for them.</summary>
    private async Task FreeTargetsAsync(ReleaseRunner runner)
    {
        foreach (var waiting in await services.Locks.ReleaseAsync(runner.ReleaseId, runner.PlanTargets))
        {
            Notify(waiting);
        }
    }
}
