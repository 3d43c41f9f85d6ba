using System.Text.Json;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Releases;
using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Targets;

/// <summary>Which unsettled releases deploy to a target: such a target cannot be deleted.</summary>
public sealed class TargetUsage(ReleaseRepository releases)
{
    public async Task<IReadOnlyList<string>> UnsettledReleasesUsingAsync(string target, CancellationToken cancellationToken)
    {
        // One read of every unsettled release, not one per release: a relabel or delete runs this under the label gate.
        var ids = await releases.ListUnsettledAsync(LifecycleStates.Final, cancellationToken);
        var plans = (await releases.GetManyAsync(ids, cancellationToken)).ToDictionary(r => r.Id, r => r.Plan, StringComparer.Ordinal);
        return ids
            .Where(id => plans.TryGetValue(id, out var json)
                && JsonSerializer.Deserialize<ReleasePlan>(json, JournalJson.Options) is { } plan
                && plan.Stages.Any(s => s.Targets.Contains(target, StringComparer.Ordinal)))
            .ToList();
    }
}
