using System.Data.Common;
using System.Threading.Channels;
using PortalRelease.Portal.Cluster;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Health;
using PortalRelease.Portal.Live;
using PortalRelease.Portal.Releases.Journal;

namespace PortalRelease.Portal.Dashboards;

/// <summary>
/// Keeps <c>release_facts</c> in step with the journal: at start it folds every release whose facts are missing or
/// behind (their <c>last_seq</c> is below the journal's), then folds committed events from the
/// <see cref="ReleaseEventStream"/> in batches. The journal stays the only truth: deleting the table and calling
/// <see cref="CatchUpAsync"/> rebuilds it identically. In a cluster one elected node projects every node's events (its
/// stream carries the other nodes' events too, see <see cref="ClusterEventFollower"/>); the others stand by.
/// </summary>
public sealed class ReleaseFactsProjector(
    ReleaseEventStream stream,
    ReleaseFactsRepository facts,
    ClusterSingleton singleton,
    BackgroundServiceHealth health,
    TimeProvider time,
    ILogger<ReleaseFactsProjector> logger) : SupervisedBackgroundService(health, time, logger)
{
    /// <summary>Above this many stale releases, one pass over the whole journal beats reading each release's events.</summary>
    private const int ScanThreshold = 2_000;

    private const int MaxBatch = 20_000;

    // Only these events change a fact; others are skipped without parsing their payload.
    private static readonly HashSet<string> Relevant = new(StringComparer.Ordinal)
    {
        nameof(ReleaseCreated), nameof(StateChanged), nameof(RollbackRequested), nameof(AbortRequested),
        nameof(PauseStarted), nameof(Paused), nameof(Resumed), nameof(IncidentOpened), nameof(IncidentResolved),
    };

    private readonly SemaphoreSlim _gate = new(1, 1);

    public override string ServiceName => "release-facts-projector";

    protected override Task RunAsync(CancellationToken stoppingToken) => singleton.RunAsync(ServiceName, ProjectAsync, Standby, Elected, stoppingToken);

    /// <summary>
    /// Catches up, then follows the stream. A failed batch fails the run: the restart subscribes afresh and catches up
    /// from the journal, which is the truth these derived facts are rebuilt from. So does a node elected anew.
    /// </summary>
    private async Task ProjectAsync(CancellationToken stoppingToken)
    {
        // Subscribe before catching up, so nothing committed in between is missed; repeats are ignored by seq. Every
        // node's events: only the elected node projects.
        using var subscription = stream.Subscribe(localOnly: false);
        var caughtUp = await CatchUpAsync(stoppingToken);
        Running();
        logger.LogInformation("Release facts caught up with the journal: {Count} releases folded", caughtUp);
        await FollowAsync(subscription.Reader, stoppingToken);
    }

    /// <summary>Folds every release whose facts are missing or behind the journal; returns how many it updated.</summary>
    public async Task<int> CatchUpAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var stale = await facts.ListStaleAsync(cancellationToken);
            if (stale.Count == 0)
            {
                return 0;
            }
            await using var connection = await facts.OpenAsync(cancellationToken);
            var existing = await ReleaseFactsRepository.LoadAsync(connection, stale.Where(s => s.FactSeq > 0).Select(s => s.ReleaseId).ToList(), cancellationToken);
            var folding = new Dictionary<string, ReleaseFact>(stale.Count, StringComparer.Ordinal);
            foreach (var (id, _) in stale)
            {
                folding[id] = existing.GetValueOrDefault(id) ?? ReleaseFactFolder.Start(id);
            }
            if (stale.Count > ScanThreshold)
            {
                await ScanJournalAsync(connection, folding, cancellationToken);
            }
            else
            {
                foreach (var fact in folding.Values)
                {
                    await ReadReleaseAsync(connection, fact, cancellationToken);
                }
            }
            await ReleaseFactsRepository.UpsertAsync(connection, folding.Values.Where(f => f.LastSeq > 0), cancellationToken);
            return folding.Count;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task FollowAsync(ChannelReader<JournalEvent> reader, CancellationToken cancellationToken)
    {
        var batch = new List<JournalEvent>();
        while (await reader.WaitToReadAsync(cancellationToken))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && reader.TryRead(out var journalEvent))
            {
                batch.Add(journalEvent);
            }
            await ApplyAsync(batch, cancellationToken);
        }
    }

    private async Task ApplyAsync(IReadOnlyList<JournalEvent> batch, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await facts.OpenAsync(cancellationToken);
            var ids = batch.Select(e => e.ReleaseId).Distinct(StringComparer.Ordinal).ToList();
            var loaded = await ReleaseFactsRepository.LoadAsync(connection, ids, cancellationToken);
            foreach (var group in batch.GroupBy(e => e.ReleaseId, StringComparer.Ordinal))
            {
                var fact = loaded.GetValueOrDefault(group.Key) ?? ReleaseFactFolder.Start(group.Key);
                loaded[group.Key] = fact;
                var first = group.Min(e => e.Seq);
                if (first > fact.LastSeq + 1)
                {
                    // A gap (the stream started after these events): read what is missing from the journal first.
                    await ReadReleaseAsync(connection, fact, cancellationToken, first - 1);
                }
                foreach (var journalEvent in group.OrderBy(e => e.Seq))
                {
                    ReleaseFactFolder.Apply(fact, journalEvent);
                }
            }
            await ReleaseFactsRepository.UpsertAsync(connection, loaded.Values.Where(f => f.LastSeq > 0), cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    private static Task ReadReleaseAsync(DbConnection connection, ReleaseFact fact, CancellationToken cancellationToken, long upTo = long.MaxValue) =>
        ReleaseFactsRepository.ReadJournalAsync(connection, fact.ReleaseId, fact.LastSeq, upTo, Relevant, e => ReleaseFactFolder.Apply(fact, e), cancellationToken);

    /// <summary>One pass over the journal in storage order, folding the events of the releases being rebuilt.</summary>
    private static Task ScanJournalAsync(DbConnection connection, Dictionary<string, ReleaseFact> folding, CancellationToken cancellationToken) =>
        ReleaseFactsRepository.ScanJournalAsync(
            connection, folding.Keys.ToHashSet(StringComparer.Ordinal), Relevant, e => ReleaseFactFolder.Apply(folding[e.ReleaseId], e), cancellationToken);

    public override void Dispose()
    {
        _gate.Dispose();
        base.Dispose();
    }
}
