using System.Text.Json;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Releases;
using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Plugins;

/// <summary>
/// Which releases in flight use a plugin: the unsettled releases (as the engine resumes them) whose plan deploys to a
/// target of one of the plugin's kinds, or measures with one of its metric kinds. Those are the releases a reload
/// could pull a driver from under, so the reload waits for them.
/// </summary>
public sealed class PluginUsage(ReleaseRepository releases, TargetRepository targets)
{
    // The same final states the engine stops resuming at (ReleaseEngine); a pending rollback keeps a release unsettled.

    /// <summary>The ids of unsettled releases that use any of the plugin's kinds, oldest first.</summary>
    public async Task<IReadOnlyList<string>> ReleasesUsingAsync(PluginInfo plugin, CancellationToken cancellationToken)
    {
        var kinds = plugin.TargetKinds.Concat(plugin.MetricKinds).ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (kinds.Count == 0)
        {
            return [];
        }
        var unsettled = await releases.ListUnsettledAsync(LifecycleStates.Final, cancellationToken);
        if (unsettled.Count == 0)
        {
            return [];
        }
        var kindOf = (await targets.ListAsync(cancellationToken)).ToDictionary(t => t.Name, t => t.Kind, StringComparer.Ordinal);
        var users = new List<string>();
        foreach (var id in unsettled)
        {
            var record = await releases.GetAsync(id, cancellationToken);
            if (record is not null && (PlanOf(record.Plan) is not { } plan || Uses(plan, kinds, kindOf)))
            {
                users.Add(id);
            }
        }
        return users;
    }

    // A plan this portal cannot read is counted as a user: waiting is safe, pulling a driver from under it is not.
    private static ReleasePlan? PlanOf(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<ReleasePlan>(json, JournalJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool Uses(ReleasePlan plan, HashSet<string> kinds, Dictionary<string, string> kindOf) =>
        plan.Stages.SelectMany(s => s.Targets).Any(t => kindOf.TryGetValue(t, out var kind) && kinds.Contains(kind))
        || plan.Stages.SelectMany(s => s.Steps).OfType<AnalysisStep>().Any(a => a.Provider is { } provider && kinds.Contains(provider));
}
