using System.Data.Common;

namespace PortalRelease.Portal.Data;

/// <summary>
/// The portal's database, whichever provider holds it: opens ready-to-use connections and names the provider's
/// <see cref="SqlDialect"/>. Stores take this, never a provider's connection type, so everything above <c>Data/</c>
/// runs unchanged on SQLite and PostgreSQL.
/// </summary>
public abstract class PortalDatabase
{
    public abstract StorageProvider Provider { get; }

    public abstract SqlDialect Dialect { get; }

    /// <summary>An open connection with the provider's per-connection settings applied; the caller disposes it.</summary>
    public abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default);

    /// <summary>The journal writer's long-lived hold on the database (see <see cref="JournalAppender"/>).</summary>
    public abstract Task<JournalAppender> OpenJournalAppenderAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes the cross-process lock that serialises schema migrations (a lock file's exclusive transaction on SQLite,
    /// an advisory lock on PostgreSQL), held until the returned handle is disposed.
    /// </summary>
    public abstract Task<IAsyncDisposable> LockForMigrationAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>
    /// Holds the migration lock on a connection of its own until disposed: for start-up work every node would otherwise
    /// do at once on an empty database (seeding samples), so nodes starting together do it once, one after the other.
    /// </summary>
    public async Task<IAsyncDisposable> LockStartupWorkAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken);
        try
        {
            return new StartupLock(connection, await LockForMigrationAsync(connection, cancellationToken));
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private sealed class StartupLock(DbConnection connection, IAsyncDisposable held) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await held.DisposeAsync();
            await connection.DisposeAsync();
        }
    }

    /// <summary>
    /// Begins a write transaction that holds <paramref name="scope"/> until it ends, taken before anything is read: checks
    /// made inside it see what no other writer of that scope can change before commit. SQLite takes its one write lock
    /// (BEGIN IMMEDIATE), which covers every scope; PostgreSQL a transaction-level advisory lock for the scope.
    /// </summary>
    public abstract Task<DbTransaction> BeginWriteAsync(DbConnection connection, WriteScope scope, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes the lock <paramref name="name"/> until the returned handle is disposed: across every node on PostgreSQL (a
    /// session advisory lock on a connection of its own, released by the server if that connection or node dies), in this
    /// process on SQLite (the embedded portal is one process). <see cref="TimeoutException"/> when it is still held by
    /// another holder after <paramref name="timeout"/>.
    /// </summary>
    public abstract Task<IAsyncDisposable> AcquireNamedLockAsync(string name, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>A read-only transaction over one consistent snapshot, while writers go on behind it.</summary>
    public abstract Task<DbTransaction> BeginSnapshotAsync(DbConnection connection, CancellationToken cancellationToken = default);
}

/// <summary>
/// What a serialised write transaction excludes other writers from (<see cref="PortalDatabase.BeginWriteAsync"/>). The
/// numbers are PostgreSQL advisory-lock keys: never renumber one, nodes of two versions may run side by side.
/// </summary>
public enum WriteScope : long
{
    /// <summary>Accounts, groups and stored grants: the last-admin rule reads them all before a change.</summary>
    Access = 0x506F_7274_0001,

    /// <summary>The audit log's chain head: each append reads it and chains to it.</summary>
    AuditChain = 0x506F_7274_0002,

    /// <summary>The journal's chain head and row order: every journal append.</summary>
    JournalChain = 0x506F_7274_0003,

    /// <summary>Targets' environment labels against the releases that deploy to them.</summary>
    TargetLabels = 0x506F_7274_0004,

    /// <summary>Quarantine marks: a mark or lift reads the version's newest row and is written only if it still applies.</summary>
    Quarantine = 0x506F_7274_0005,

    /// <summary>Template versions: a save reads the newest version and writes the next number.</summary>
    Templates = 0x506F_7274_0006,
}
