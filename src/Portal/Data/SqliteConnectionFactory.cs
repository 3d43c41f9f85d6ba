using Microsoft.Data.Sqlite;
using PortalRelease.Portal.Configuration;

namespace PortalRelease.Portal.Data;

/// <summary>Opens connections to the portal's SQLite file with the per-connection settings it relies on.</summary>
public sealed class SqliteConnectionFactory
{
    private readonly string _connectionString;

    public SqliteConnectionFactory(PortalPaths paths)
    {
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
        // synchronous and busy_timeout are per connection; WAL is persistent but cheap to assert.
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    /// <summary>
    /// Opens the journal writer's long-lived connection. Its many small commits would each trigger SQLite's
    /// default checkpoint (every 1,000 WAL pages, with an fsync); a larger threshold and page cache let a
    /// checkpoint serve hundreds of commits instead of three.
    /// </summary>
    public async Task<SqliteConnection> OpenForJournalWriterAsync(CancellationToken cancellationToken = default)
    {
        var connection = await OpenAsync(cancellationToken);
        using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA wal_autocheckpoint=16384; PRAGMA cache_size=-65536; PRAGMA journal_size_limit=67108864;";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }
}
