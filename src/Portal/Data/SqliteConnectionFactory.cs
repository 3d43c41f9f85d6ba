using Microsoft.Data.Sqlite;
using PortalRelease.Portal.Configuration;

namespace PortalRelease.Portal.Data;

/// <summary>Opens connections to the portal's SQLite file with the per-connection settings it relies on.</summary>
public sealed class SqliteConnectionFactory
{
    private readonly string _connectionString;

    public SqliteConnectionFactory(PortalPaths paths)
    {
        // Before SQLite creates it with the process's default mode: its -wal and -shm files take the database's mode.
        OwnerOnly.CreateFile(paths.DatabaseFile);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = paths.DatabaseFile,
            Pooling = true,
            ForeignKeys = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken = default)
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
        var connection = await OpenAsync(cancellationToken);
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA cache_size=-65536; PRAGMA journal_size_limit=67108864;";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }
}
