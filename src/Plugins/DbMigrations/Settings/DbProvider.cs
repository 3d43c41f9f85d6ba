namespace PortalRelease.Plugins.DbMigrations.Settings;

/// <summary>The databases the driver speaks to.</summary>
internal enum DbProvider
{
    Sqlite,
    PostgreSql,
}
