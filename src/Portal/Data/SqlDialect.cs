using System.Data.Common;

namespace PortalRelease.Portal.Data;

/// <summary>
/// What differs between the providers' SQL and errors, in one place per provider. Everything else the stores write is
/// SQL both accept (<c>ON CONFLICT … DO</c>, <c>RETURNING</c>, <c>COALESCE</c>, <c>LIMIT</c>, named <c>@parameters</c>).
/// </summary>
public abstract class SqlDialect
{
    /// <summary>The text at a JSON path (<c>a.b</c>) of a column holding JSON text, or NULL.</summary>
    public abstract string JsonText(string column, string path);

    /// <summary>
    /// The database's clock now, in milliseconds since the Unix epoch, as an SQL expression. Leases and heartbeats use it
    /// so nodes whose clocks disagree still agree on when a lease ran out.
    /// </summary>
    public abstract string NowMillis { get; }

    /// <summary>
    /// Appended to a SELECT inside a write transaction: locks the rows read against concurrent updates until commit
    /// (PostgreSQL's <c>FOR SHARE</c>); empty where the transaction already excludes every other writer (SQLite).
    /// </summary>
    public abstract string ForShare { get; }

    /// <summary>
    /// Appended to a SELECT that picks a row to work on (a queue's head): locks the row for this transaction and skips a
    /// row another transaction has locked, so nodes claiming at the same moment never wait for or take the same row
    /// (PostgreSQL's <c>FOR UPDATE SKIP LOCKED</c>); empty on SQLite, whose one writer already excludes every other.
    /// </summary>
    public abstract string ForUpdateSkipLocked { get; }

    /// <summary>
    /// <paramref name="column"/> in a comparison the planner must not answer from an index on that column, when a
    /// smaller index serves the query better than the one the planner would pick without statistics. SQLite plans
    /// without them and takes a hint; PostgreSQL plans by statistics and needs none.
    /// </summary>
    public abstract string NotIndexed(string column);

    /// <summary>
    /// A statement that tells every node sharing the database that <c>@what</c> changed (see <see cref="ClusterChange"/>),
    /// delivered at commit; null where one process holds the database and there is nobody else to tell.
    /// </summary>
    public abstract string? ClusterWake { get; }

    /// <summary>True when the statement broke a primary key or unique constraint.</summary>
    public abstract bool IsUniqueViolation(DbException error);

    /// <summary>True when the statement was refused by an append-only guard (a trigger raising on update or delete).</summary>
    public abstract bool IsAppendOnlyViolation(DbException error);

    /// <summary>True when the failure is the database being busy or a conflicting transaction: worth retrying as it was.</summary>
    public abstract bool IsTransient(DbException error);
}
