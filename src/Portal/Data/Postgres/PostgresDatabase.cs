using System.Data.Common;
using Microsoft.Extensions.Options;
using Npgsql;

namespace PortalRelease.Portal.Data.Postgres;

/// <summary>
/// PostgreSQL, the store every node of a cluster shares, through two pools of the one connection string: the statement
/// pool every query and transaction uses, whose connections keep no session state and so go back unreset; and the
/// session pool for the few connections that hold session state — a LISTEN, a session advisory lock — which the
/// server resets (<c>DISCARD ALL</c>) when they come back, and which never wait behind the statement pool (a plugin
/// holding a lock while it reads its state needs one of each). A node opens at most twice <c>Maximum Pool Size</c>.
/// </summary>
public sealed class PostgresDatabase : PortalDatabase, IAsyncDisposable
{
    // pg_advisory_lock's key for schema migrations: any fixed number no other application on the database uses.
    private const long MigrationLockKey = 0x506F7274616C4D69; // "PortalMi"

    private readonly NpgsqlDataSource _dataSource;
    private readonly NpgsqlDataSource _sessions;

    public PostgresDatabase(IOptions<StorageOptions> options)
    {
        var builder = new NpgsqlConnectionStringBuilder(options.Value.ConnectionString)
        {
            // A name in pg_stat_activity, so an operator sees which connections are the portal's.
            ApplicationName = "PortalRelease",
        };
        // A node frozen (SIGSTOP, a VM stall) inside a transaction keeps its locks — the journal's advisory write lock,
        // the lease rows it holds FOR SHARE — until its session dies: every other node's appends and take-overs wait
        // behind it. The server ends such a session soon (the zombie's commit then fails); no portal transaction waits
        // on the client for this long.
        builder.Options = string.Join(' ', new[] { builder.Options, "-c idle_in_transaction_session_timeout=2000" }.Where(o => !string.IsNullOrEmpty(o)));
        _sessions = NpgsqlDataSource.Create(builder);
        // Every statement connection is returned with no transaction open (Npgsql rolls an open one back) and no session
        // state set, so the reset would only cost: measured, a DISCARD ALL for every connection opened — the larger
        // part of all statements the server ran under the decisions workload.
        _dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(builder.ConnectionString) { NoResetOnClose = true });
    }

    public override Task<JournalAppender> OpenJournalAppenderAsync(CancellationToken cancellationToken = default) => PostgresJournalAppender.OpenAsync(this, cancellationToken);

    public override StorageProvider Provider => StorageProvider.Postgres;

    public override SqlDialect Dialect => PostgresDialect.Instance;

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);

    public async Task<NpgsqlConnection> OpenNpgsqlAsync(CancellationToken cancellationToken = default) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);

    /// <summary>A connection that will hold session state (LISTEN, a session lock), reset by the server when it is returned.</summary>
    public async Task<NpgsqlConnection> OpenSessionAsync(CancellationToken cancellationToken = default) =>
        await _sessions.OpenConnectionAsync(cancellationToken);

    /// <summary>A session-level advisory lock on the migrating connection: every other node waits until it is released.</summary>
    public override async Task<IAsyncDisposable> LockForMigrationAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = $"SELECT pg_advisory_lock({MigrationLockKey})";
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        return new AdvisoryUnlock(connection);
    }

    public override Task<IAsyncDisposable> AcquireNamedLockAsync(string name, TimeSpan timeout, CancellationToken cancellationToken) =>
        PostgresNamedLock.AcquireAsync(_sessions, name, timeout, cancellationToken);

    /// <summary>Takes a <see cref="WriteScope"/> (parameter <c>@key</c>) until the transaction ends.</summary>
    internal const string LockScopeSql = "SELECT pg_advisory_xact_lock(@key)";

    public override async Task<DbTransaction> BeginWriteAsync(DbConnection connection, WriteScope scope, CancellationToken cancellationToken = default)
    {
        var transaction = await ((NpgsqlConnection)connection).BeginTransactionAsync(System.Data.IsolationLevel.ReadCommitted, cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand(LockScopeSql, (NpgsqlConnection)connection, transaction);
            command.Parameters.AddWithValue("key", (long)scope);
            await command.ExecuteNonQueryAsync(cancellationToken);
            return transaction;
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
    }

    // REPEATABLE READ is PostgreSQL's snapshot isolation: every statement sees the transaction's first snapshot.
    public override async Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken = default) =>
        await ((NpgsqlConnection)connection).BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _dataSource.DisposeAsync();
        await _sessions.DisposeAsync();
    }

    private sealed class AdvisoryUnlock(DbConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT pg_advisory_unlock({MigrationLockKey})";
            await command.ExecuteNonQueryAsync();
        }
    }
}
