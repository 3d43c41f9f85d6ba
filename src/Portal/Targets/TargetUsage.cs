using System.Text.Json;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Releases;
using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Targets;

/// <summary>Which unsettled releases deploy to a target: such a target cannot be deleted.</summary>
public sealed class TargetUsage(ReleaseRepository releases)
{
    private static readonly string[] FinalStates = [nameof(Lifecycle.Promoted), nameof(Lifecycle.RolledBack), nameof(Lifecycle.Aborted), nameof(Lifecycle.Failed)];

    public async Task<IReadOnlyList<string>> UnsettledReleasesUsingAsync(string target, CancellationToken cancellationToken)
    {
        var users = new List<string>();
        foreach (var id in await releases.ListUnsettledAsync(FinalStates, cancellationToken))
        {
            if (await releases.GetAsync(id, cancellationToken) is { } release
                && JsonSerializer.Deserialize<ReleasePlan>(release.Plan, JournalJson.Options) is { } plan
                && plan.Stages.Any(s => s.Targets.Contains(target, StringComparer.Ordinal)))
            {
                users.Add(id);
            }
        }
        return users;
    }
}
