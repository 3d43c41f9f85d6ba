using System.Data.Common;
using Npgsql;

namespace PortalRelease.Portal.Data.Postgres;

public sealed class PostgresDialect : SqlDialect
{
    public static PostgresDialect Instance { get; } = new();

    // Columns holding JSON stay text (the hash chains cover the exact stored text; jsonb would reorder it), so the path
    // is read through a cast.
    public override string JsonText(string column, string path) => $"({column}::jsonb #>> '{{{path.Replace('.', ',')}}}')";

    // clock_timestamp, not now(): now() is the transaction's start, and a lease renewed late in a long transaction
    // would be dated early.
    public override string NowMillis => "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)";

    public override string ForShare => " FOR SHARE";

    public override string ForUpdateSkipLocked => " FOR UPDATE SKIP LOCKED";

    public override string NotIndexed(string column) => column;

    public override string ClusterWake => $"SELECT pg_notify('{PostgresClusterListener.WakeChannel}', @what)";

    public override bool IsUniqueViolation(DbException error) => error is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    // The append-only triggers raise with this SQLSTATE (see the PostgreSQL migrations).
    public override bool IsAppendOnlyViolation(DbException error) => error is PostgresException { SqlState: AppendOnlyState };

    public override bool IsTransient(DbException error) => error is PostgresException
    {
        SqlState: PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.LockNotAvailable,
    } || error is NpgsqlException { IsTransient: true };

    /// <summary>The SQLSTATE the append-only triggers raise: <c>restrict_violation</c>.</summary>
    public const string AppendOnlyState = "23001";
}
