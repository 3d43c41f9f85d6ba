namespace PortalRelease.Portal.Data.Sqlite;

/// <summary>
/// SQLite's managed and native-loading assemblies, which every plugin resolves from the portal's load context rather
/// than from its own folder (<see cref="DatabaseAssemblies"/>).
/// </summary>
internal static class SqliteAssemblies
{
    // One process must hold one copy of the native library. SQLite keeps its POSIX locks per copy while the kernel
    // keeps them per process, so a second copy neither sees the portal's locks nor keeps its own from being dropped:
    // when a plugin's copy closed its last connection to a file the portal had open, it took itself for the last
    // user, checkpointed and unlinked the portal's live write-ahead log, and the portal's database was malformed.
    // Resolving these assemblies from the portal's context makes every plugin use the portal's Microsoft.Data.Sqlite,
    // hence its one native e_sqlite3, whatever a plugin folder ships. (Running plugin SQLite out of process would also
    // keep the copies apart, but costs a process per plugin and a wire protocol for every command; sharing costs
    // nothing, since the portal already carries the library.)
    public static readonly Type[] Shared =
    [
        typeof(Microsoft.Data.Sqlite.SqliteConnection), typeof(SQLitePCL.raw), typeof(SQLitePCL.Batteries_V2),
        typeof(SQLitePCL.SQLite3Provider_e_sqlite3),
    ];
}
