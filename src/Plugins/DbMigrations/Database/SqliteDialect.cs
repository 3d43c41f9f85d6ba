using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace PortalRelease.Plugins.DbMigrations.Database;

/// <summary>
/// SQLite through Microsoft.Data.Sqlite. The apply lock is the database's write lock (<c>BEGIN IMMEDIATE</c>); the lock
/// timeout is SQLite's busy timeout. Microsoft.Data.Sqlite also retries a busy database until the command timeout,
/// which counts whole seconds, so a lock timeout under a second waits about a second.
/// </summary>
internal sealed class SqliteDialect : MigrationDialect
{
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;

    public override string JournalDdl => $"""
        CREATE TABLE IF NOT EXISTS {JournalTable} (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            version TEXT NOT NULL,
            file TEXT NOT NULL,
            phase TEXT NOT NULL,
            checksum TEXT NOT NULL,
            applied_at TEXT NOT NULL,
            idempotency_key TEXT NOT NULL,
            release_id TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS {CallsTable} (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            idempotency_key TEXT NOT NULL UNIQUE,
            release_id TEXT NOT NULL,
            action TEXT NOT NULL,
            version TEXT NOT NULL,
            cohort TEXT,
            weight INTEGER,
            stable_version TEXT,
            canary_version TEXT,
            canary_weight INTEGER NOT NULL,
            preview_version TEXT,
            previous_version TEXT,
            detail TEXT NOT NULL,
            called_at TEXT NOT NULL
        );
        """;

    public override string LockDescription(TimeSpan lockTimeout) =>
        $"BEGIN IMMEDIATE: take the database's write lock, waiting at most the lock timeout ({Durations.Describe(lockTimeout)}, SQLite busy_timeout)";

    public override async Task<DbConnection> OpenAsync(string connectionString, TimeSpan lockTimeout, CancellationToken cancellationToken)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString)
        {
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(lockTimeout.TotalSeconds)),
        };
        var connection = new SqliteConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var pragma = connection.CreateCommand();
            pragma.CommandText = $"PRAGMA busy_timeout = {(long)lockTimeout.TotalMilliseconds};";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public override bool Exists(string connectionString)
    {
        var source = new SqliteConnectionStringBuilder(connectionString).DataSource;
        return source.Length == 0 || source == ":memory:" || source.StartsWith("file:", StringComparison.OrdinalIgnoreCase) || File.Exists(source);
    }

    public override async Task<DbTransaction> BeginLockedAsync(DbConnection connection, TimeSpan lockTimeout, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        // deferred: false is BEGIN IMMEDIATE: the write lock now, so two applies serialise before either reads the journal.
        return await Task.Run(() => (DbTransaction)((SqliteConnection)connection).BeginTransaction(deferred: false), cancellationToken);
    }

    public override async Task<bool> JournalExistsAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('{JournalTable}', '{CallsTable}');";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) == 2;
    }

    public override async Task<string> DescribeServerAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT sqlite_version();";
        return $"SQLite {await command.ExecuteScalarAsync(cancellationToken)}";
    }

    public override bool IsLockTimeout(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: SqliteBusy or SqliteLocked };

    public override string DescribeFailure(DbException exception, string sql) =>
        exception is SqliteException sqlite ? sqlite.Message.Replace("SQLite Error ", "SQLite error ", StringComparison.Ordinal) : exception.Message;
}
