using System.Diagnostics;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Data.Postgres;
using PortalRelease.Portal.Health;
using PortalRelease.Portal.Identity.Access;
using PortalRelease.Portal.Live;
using PortalRelease.Portal.Ownership;
using PortalRelease.Portal.Releases.Engine;

namespace PortalRelease.Portal.Cluster;

/// <summary>
/// Brings the other nodes' journal events to this node: it follows the journal by row id (handed out in commit order on
/// every provider, so reading <c>id &gt; cursor</c> never skips a row) from the newest row at its start, publishes on
/// the local <see cref="ReleaseEventStream"/> every event this node's writer did not publish itself, and wakes this
/// node's runner of a release that got an event from elsewhere (a command given on another node). It reads when a
/// <c>portal_journal</c> notification of another node's rows arrives and at the latest every <see cref="FallbackPoll"/>, so
/// a lost notification only delays (notifications of this node's own rows wake nothing: it published them at commit, and
/// reading them back once per commit was most of what a busy node asked its database); a lost connection fails the run and the supervisor reconnects, keeping the cursor. A <c>portal_wake</c>
/// (another node changed access or the service catalog) drops this node's cached copy and wakes its runners. Those
/// caches have no poll to fall back on: PostgreSQL delivers every notification committed while a session listens, so
/// only a lost connection can lose one, and every (re)connection drops the caches as if it had.
/// </summary>
public sealed class ClusterEventFollower(
    PostgresDatabase database,
    JournalRepository journal,
    ReleaseEventStream stream,
    ReleaseEngine engine,
    AccessControl access,
    ServiceOwners owners,
    BackgroundServiceHealth health,
    TimeProvider time,
    ILogger<ClusterEventFollower> logger) : SupervisedBackgroundService(health, time, logger)
{
    /// <summary>How long the follower waits for a notification before it reads the journal anyway.</summary>
    public static readonly TimeSpan FallbackPoll = TimeSpan.FromSeconds(2);

    private const int ReadBatch = 500;

    // -1 until the first run reads the newest row; a restarted run goes on from where the failed one stopped.
    private long _cursor = -1;

    public override string ServiceName => "cluster-event-follower";

    /// <summary>The row id of the last journal row looked at: lets tests and the bench wait for the follower.</summary>
    public long Cursor => Interlocked.Read(ref _cursor);

    /// <summary>How many times the follower has read the journal: lets tests see it leave this node's own commits alone.</summary>
    public long Reads => Interlocked.Read(ref _reads);

    private long _reads;

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        try
        {
            // Listening before the cursor is read: a row committed in between is either below the cursor or notified.
            stream.ForgetNotices();
            await using var listener = await PostgresClusterListener.OpenAsync(database, stream.TakeOwnNotice, stoppingToken);
            if (_cursor < 0)
            {
                Interlocked.Exchange(ref _cursor, await journal.LastRowIdAsync(stoppingToken));
            }
            // Listening now: whatever changed while this node did not listen is read afresh from here on.
            Apply(ClusterSignals.Access | ClusterSignals.Services | ClusterSignals.Wake);
            Running();
            while (true)
            {
                await FollowAsync(stoppingToken);
                var readAt = Stopwatch.GetTimestamp();
                // Until another node's rows are announced, or the fallback read is due (which also moves the cursor past
                // this node's own rows and forgets them).
                for (var left = FallbackPoll; left > TimeSpan.Zero; left = FallbackPoll - Stopwatch.GetElapsedTime(readAt))
                {
                    var signals = await listener.WaitAsync(left, stoppingToken);
                    Apply(signals);
                    if (signals.HasFlag(ClusterSignals.Journal))
                    {
                        break;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void Apply(ClusterSignals signals)
    {
        if (signals.HasFlag(ClusterSignals.Access))
        {
            access.Invalidate();
        }
        if (signals.HasFlag(ClusterSignals.Services))
        {
            owners.Invalidate();
        }
        if (signals.HasFlag(ClusterSignals.Wake))
        {
            engine.WakeAll();
        }
    }

    private async Task FollowAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var rows = await journal.ReadAfterAsync(_cursor, ReadBatch, cancellationToken);
            Interlocked.Increment(ref _reads);
            if (rows.Count == 0)
            {
                return;
            }
            var followed = stream.PublishFollowed(rows.Select(r => r.Event).ToList());
            foreach (var releaseId in followed.Select(e => e.ReleaseId).Distinct(StringComparer.Ordinal))
            {
                // Only runners this node already drives: taking a release is the lease keeper's business.
                engine.Signal(releaseId);
            }
            Interlocked.Exchange(ref _cursor, rows[^1].RowId);
            if (rows.Count < ReadBatch)
            {
                return;
            }
        }
    }
}
