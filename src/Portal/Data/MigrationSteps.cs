using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace PortalRelease.Portal.Data;

/// <summary>
/// The code steps a migration script may run by name (<c>-- @run Name</c>), inside its transaction. Only SQLite's scripts
/// use them: they upgrade rows written before a feature existed, and a PostgreSQL store is created at the newest schema.
/// </summary>
internal static class MigrationSteps
{
    public static IReadOnlyDictionary<string, Func<DbConnection, DbTransaction, CancellationToken, Task>> All { get; } =
        new Dictionary<string, Func<DbConnection, DbTransaction, CancellationToken, Task>>(StringComparer.Ordinal)
        {
            ["ChainExistingJournal"] = (connection, transaction, cancellationToken) =>
                JournalChainStore.ChainExistingAsync((SqliteConnection)connection, (SqliteTransaction)transaction, cancellationToken),
        };
}
