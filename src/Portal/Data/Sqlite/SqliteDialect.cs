using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace PortalRelease.Portal.Data.Sqlite;

public sealed class SqliteDialect : SqlDialect
{
    public static SqliteDialect Instance { get; } = new();

    private const int Busy = 5, Locked = 6, Constraint = 19;
    private const int ConstraintPrimaryKey = Constraint | (6 << 8), ConstraintUnique = Constraint | (8 << 8), ConstraintTrigger = Constraint | (7 << 8);

    public override string JsonText(string column, string path) => $"json_extract({column}, '$.{path}')";

    public override string NowMillis => "CAST(unixepoch('subsec') * 1000 AS INTEGER)";

    public override string ForShare => "";

    public override string ForUpdateSkipLocked => "";

    // Unary + makes the term an expression, which no index on the column answers.
    public override string NotIndexed(string column) => "+" + column;

    public override string? ClusterWake => null;

    public override bool IsUniqueViolation(DbException error) =>
        error is SqliteException { SqliteExtendedErrorCode: ConstraintPrimaryKey or ConstraintUnique };

    // RAISE(ABORT, …) in a trigger reports SQLITE_CONSTRAINT_TRIGGER.
    public override bool IsAppendOnlyViolation(DbException error) =>
        error is SqliteException { SqliteExtendedErrorCode: ConstraintTrigger } || error is SqliteException { SqliteErrorCode: Constraint } && error.Message.Contains("append-only", StringComparison.Ordinal);

    public override bool IsTransient(DbException error) => error is SqliteException { SqliteErrorCode: Busy or Locked };
}
