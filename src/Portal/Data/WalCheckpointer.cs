using Dapper;
using Microsoft.Data.Sqlite;
using PortalRelease.Portal.Health;

namespace PortalRelease.Portal.Data;

/// <summary>
/// Moves committed pages from the WAL into the database file, in the background, on its own connection. Connections
/// never checkpoint inside their own commits (see <see cref="Sqlite.SqliteDatabase"/>), so without this the WAL
/// would only grow. A passive checkpoint never waits for readers or writers: a decision being journaled is never
/// held behind a checkpoint's page copies and fsync.
/// </summary>
public sealed class WalCheckpointer(Sqlite.SqliteDatabase connections, BackgroundServiceHealth health, TimeProvider time, ILogger<WalCheckpointer> logger)
    : SupervisedBackgroundService(health, time, logger)
{
    /// <summary>How often a checkpoint runs; the WAL holds about this long's worth of commits.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private long _checkpoints;

    /// <summary>Checkpoints run so far; lets tests and the bench wait for one.</summary>
    public long Checkpoints => Interlocked.Read(ref _checkpoints);

    public override string ServiceName => "wal-checkpointer";

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, Time);
        SqliteConnection? connection = null;
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    connection ??= await connections.OpenSqliteAsync(stoppingToken);
                    await CheckpointAsync(connection);
                    Running();
                }
                catch (SqliteException error)
                {
                    // A failed checkpoint loses nothing (the pages stay in the WAL); try again on a fresh connection.
                    Failed(error);
                    logger.LogWarning(error, "WAL checkpoint failed; retrying in {Interval}", Interval);
                    await DisposeAsync(connection);
                    connection = null;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            await DisposeAsync(connection);
        }
    }

    private async Task CheckpointAsync(SqliteConnection connection)
    {
        // PASSIVE: copies what no reader still needs and never waits for one, so commits are not held up.
        // Returns (busy, pages in the WAL, pages checkpointed); -1s when the database is not in WAL mode.
        var (busy, log, done) = await connection.QuerySingleAsync<(long, long, long)>("PRAGMA wal_checkpoint(PASSIVE)");
        Interlocked.Increment(ref _checkpoints);
        if (log > 0)
        {
            logger.LogDebug("WAL checkpoint: {Done} of {Log} pages, busy {Busy}", done, log, busy);
        }
    }

    private static async ValueTask DisposeAsync(SqliteConnection? connection)
    {
        if (connection is not null)
        {
            await connection.DisposeAsync();
        }
    }
}
