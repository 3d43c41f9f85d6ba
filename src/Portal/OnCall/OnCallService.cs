using System.Text.Json;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Releases;
using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.OnCall;

/// <summary>
/// Loads what the on-call view folds: unsettled releases, releases rolled back or aborted in the window and the
/// releases the window's alerts touched, with their journals, and the alerts themselves. One read per call: the
/// page calls it when the event stream says something moved, never on a timer.
/// </summary>
public sealed class OnCallService(
    OnCallQueries queries, ReleaseRepository releases, JournalRepository journal, IncidentRepository incidents, TimeProvider time)
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(24);

    private const int MaxAlerts = 200;

    public async Task<OnCallSnapshot> GetAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var since = now - Window;
        var unsettled = await releases.ListUnsettledAsync(LifecycleStates.Final, cancellationToken);
        var ids = new HashSet<string>(unsettled, StringComparer.Ordinal);
        ids.UnionWith(await queries.RemediatedSinceAsync(since, cancellationToken));
        var alerts = (await incidents.ListAsync(MaxAlerts, cancellationToken)).Where(i => i.ReceivedAt >= since).ToList();
        ids.UnionWith(alerts.SelectMany(a => a.Releases));
        var journals = ids.Count == 0 ? new Dictionary<string, List<Releases.Journal.JournalEvent>>() : await journal.ReadManyAsync(ids, cancellationToken);
        return OnCallFolder.Fold(journals, alerts, now, Window, await PlansAsync(unsettled, cancellationToken));
    }

    /// <summary>The plans of the releases in flight, to tell which stage each works on and its traffic there.</summary>
    private async Task<Dictionary<string, ReleasePlan>> PlansAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var plans = new Dictionary<string, ReleasePlan>(StringComparer.Ordinal);
        foreach (var record in await releases.GetManyAsync(ids, cancellationToken))
        {
            if (JsonSerializer.Deserialize<ReleasePlan>(record.Plan, JournalJson.Options) is { } plan)
            {
                plans[record.Id] = plan;
            }
        }
        return plans;
    }
}
