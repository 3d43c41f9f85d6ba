using System.Data.Common;
using Npgsql;

namespace PortalRelease.Plugins.DbMigrations.Database;

/// <summary>
/// PostgreSQL through Npgsql. The apply lock is a transaction-scoped advisory lock, so it is released by commit,
/// rollback or a dropped connection; <c>SET LOCAL lock_timeout</c> bounds every lock wait in the transaction,
/// the advisory lock's included.
/// </summary>
internal sealed class PostgresDialect : MigrationDialect
{
    // A fixed key: every portal that migrates this database contends for the same lock, whatever its target name.
    private const long AdvisoryLockKey = 0x706F7274616C; // "portal"
    private const string LockNotAvailable = "55P03";

    public override string JournalDdl => $"""
        CREATE TABLE IF NOT EXISTS {JournalTable} (
            id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            version TEXT NOT NULL,
            file TEXT NOT NULL,
            phase TEXT NOT NULL,
            checksum TEXT NOT NULL,
            applied_at TIMESTAMPTZ NOT NULL,
            idempotency_key TEXT NOT NULL,
            release_id TEXT NOT NULL
        );
        CREATE TABLE IF NOT EXISTS {CallsTable} (
            seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
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
            called_at TIMESTAMPTZ NOT NULL
        );
        """;

    public override string LockDescription(TimeSpan lockTimeout) =>
        $"SET LOCAL lock_timeout = '{(long)lockTimeout.TotalMilliseconds}ms'; SELECT pg_advisory_xact_lock({AdvisoryLockKey}): one apply at a time on this database, each lock wait bounded by the lock timeout ({Durations.Describe(lockTimeout)})";

    public override async Task<DbConnection> OpenAsync(string connectionString, TimeSpan lockTimeout, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public override async Task<DbTransaction> BeginLockedAsync(DbConnection connection, TimeSpan lockTimeout, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"SET LOCAL lock_timeout = '{(long)lockTimeout.TotalMilliseconds}ms'; SELECT pg_advisory_xact_lock({AdvisoryLockKey});";
            await command.ExecuteNonQueryAsync(cancellationToken);
            return transaction;
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
    }

    public override async Task<bool> JournalExistsAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT to_regclass('{JournalTable}') IS NOT NULL AND to_regclass('{CallsTable}') IS NOT NULL;";
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }

    public override async Task<string> DescribeServerAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SHOW server_version;";
        return $"PostgreSQL {await command.ExecuteScalarAsync(cancellationToken)}";
    }

    public override bool IsLockTimeout(Exception exception) =>
        exception is PostgresException { SqlState: LockNotAvailable } || exception.InnerException is PostgresException { SqlState: LockNotAvailable };

    public override string DescribeFailure(DbException exception, string sql)
    {
        if (exception is not PostgresException postgres)
        {
            return exception.Message;
        }

        // Position is 1-based over the command text, which is the script itself.
        var line = postgres.Position > 0 && postgres.Position <= sql.Length + 1
            ? $" (line {sql.AsSpan(0, postgres.Position - 1).Count('\n') + 1})"
            : "";
        return $"{postgres.SqlState}: {postgres.MessageText}{line}";
    }
}
