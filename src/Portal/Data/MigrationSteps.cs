using Microsoft.Data.Sqlite;

namespace PortalRelease.Portal.Data;

/// <summary>The code steps a migration script may run by name (<c>-- @run Name</c>), inside its transaction.</summary>
internal static class MigrationSteps
{
    public static IReadOnlyDictionary<string, Func<SqliteConnection, SqliteTransaction, CancellationToken, Task>> All { get; } =
        new Dictionary<string, Func<SqliteConnection, SqliteTransaction, CancellationToken, Task>>(StringComparer.Ordinal)
        {
            ["ChainExistingJournal"] = JournalChainStore.ChainExistingAsync,
        };
}
