using Dapper;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Releases;

namespace PortalRelease.Portal.OnCall;

/// <summary>
/// Loads what the on-call view folds: unsettled releases, releases rolled back or aborted in the window and the
/// releases the window's alerts touched, with their journals, and the alerts themselves. One read per call: the
/// page calls it when the event stream says something moved, never on a timer.
/// </summary>
public sealed class OnCallService(
    SqliteConnectionFactory connections, ReleaseRepository releases, JournalRepository journal, IncidentRepository incidents, TimeProvider time)
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(24);

    private const int MaxAlerts = 200;

    private static readonly string[] FinalStates = [nameof(Lifecycle.Promoted), nameof(Lifecycle.RolledBack), nameof(Lifecycle.Aborted), nameof(Lifecycle.Failed)];

    public async Task<OnCallSnapshot> GetAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var since = now - Window;
        var ids = new HashSet<string>(await releases.ListUnsettledAsync(FinalStates, cancellationToken), StringComparer.Ordinal);
        ids.UnionWith(await RemediatedSinceAsync(since, cancellationToken));
        var alerts = (await incidents.ListAsync(MaxAlerts, cancellationToken)).Where(i => i.ReceivedAt >= since).ToList();
        ids.UnionWith(alerts.SelectMany(a => a.Releases));
        var journals = ids.Count == 0 ? new Dictionary<string, List<Releases.Journal.JournalEvent>>() : await journal.ReadManyAsync(ids, cancellationToken);
        return OnCallFolder.Fold(journals, alerts, now, Window);
    }

    private async Task<IEnumerable<string>> RemediatedSinceAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT DISTINCT release_id FROM journal WHERE type IN ('RollbackRequested', 'AbortRequested') AND at >= @since",
            new { since = DbTime.Format(since) },
            cancellationToken: cancellationToken));
    }
}
