using System.Data.Common;
using Microsoft.Data.Sqlite;
using PortalRelease.Portal.Concurrency;
using PortalRelease.Portal.Configuration;

namespace PortalRelease.Portal.Data.Sqlite;

/// <summary>The embedded default: one SQLite file in the data directory, opened with the per-connection settings it relies on.</summary>
public sealed class SqliteDatabase : PortalDatabase
{
    private readonly string _connectionString;
    private readonly string _migrationLockFile;
    private readonly KeyedAsyncLock _namedLocks = new();

    public SqliteDatabase(PortalPaths paths)
    {
        // Before SQLite creates it with the process's default mode: its -wal and -shm files take the database's mode.
        OwnerOnly.CreateFile(paths.DatabaseFile);
        _migrationLockFile = paths.DatabaseFile + ".migrate.lock";
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = paths.DatabaseFile,
            Pooling = true,
            ForeignKeys = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    public override Task<JournalAppender> OpenJournalAppenderAsync(CancellationToken cancellationToken = default) => SqliteJournalAppender.OpenAsync(this, cancellationToken);

    public override StorageProvider Provider => StorageProvider.Sqlite;

    public override SqlDialect Dialect => SqliteDialect.Instance;

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default) => await OpenSqliteAsync(cancellationToken);

    public async Task<SqliteConnection> OpenSqliteAsync(CancellationToken cancellationToken = default)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        // synchronous, busy_timeout and wal_autocheckpoint are per connection; WAL is persistent but cheap to assert.
        // No connection checkpoints inside its own commit: a checkpoint copies pages and syncs the file, which held the
        // commit that crossed the threshold (often the journal writer's, so every release waited). WalCheckpointer
        // checkpoints in the background on its own connection instead.
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000; PRAGMA wal_autocheckpoint=0;";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    /// <summary>
    /// Opens the journal writer's long-lived connection: a large page cache for its many small commits, and a cap on
    /// the size the WAL file keeps once a checkpoint has emptied it.
    /// </summary>
    public async Task<SqliteConnection> OpenForJournalWriterAsync(CancellationToken cancellationToken = default)
    {
        var connection = await OpenSqliteAsync(cancellationToken);
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA cache_size=-65536; PRAGMA journal_size_limit=67108864;";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    /// <summary>
    /// An exclusive lock file beside the database: a second process starting on the same file waits for the first's
    /// migrations instead of running them again. The operating system releases it if the process dies.
    /// </summary>
    public override async Task<IAsyncDisposable> LockForMigrationAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            try
            {
                return new FileStream(_migrationLockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, cancellationToken);
            }
        }
    }

    // The embedded portal is one process: a lock in memory excludes every other holder there is.
    public override Task<IAsyncDisposable> AcquireNamedLockAsync(string name, TimeSpan timeout, CancellationToken cancellationToken) =>
        _namedLocks.AcquireAsync(name, timeout, cancellationToken);

    // Microsoft.Data.Sqlite begins IMMEDIATE unless asked for deferred: the file's one write lock, whatever the scope.
    public override Task<DbTransaction> BeginWriteAsync(DbConnection connection, WriteScope scope, CancellationToken cancellationToken = default) =>
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

    // Deferred: no lock until the first read, which then sees one snapshot of the WAL.
    public override Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken = default) =>
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: true));
}
