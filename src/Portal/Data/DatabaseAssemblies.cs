using PortalRelease.Portal.Data.Sqlite;

namespace PortalRelease.Portal.Data;

/// <summary>The database clients' assemblies a plugin must share with the portal instead of loading its own copy.</summary>
public static class DatabaseAssemblies
{
    /// <summary>
    /// SQLite's, whichever provider holds the portal's data: a plugin (the database-migrations driver) may open SQLite
    /// files of its own in the portal's process even when the portal runs on PostgreSQL. Npgsql is managed code with no
    /// process-wide state to clash, so a plugin may bring its own.
    /// </summary>
    public static IReadOnlyList<Type> SharedWithPlugins => SqliteAssemblies.Shared;
}
