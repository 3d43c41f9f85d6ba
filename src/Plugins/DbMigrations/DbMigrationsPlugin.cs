using PortalRelease.Sdk;

namespace PortalRelease.Plugins.DbMigrations;

/// <summary>
/// The database-migrations plugin: a target is one database (SQLite file or PostgreSQL) plus a directory of versioned
/// SQL migrations. The driver keeps all of its state in that database (<c>portal_schema_journal</c>,
/// <c>portal_schema_calls</c>), so nothing is kept beside the portal. Files and hosts are confined by the operator's
/// policy (<c>Portal:TargetPolicy:Kinds:db-migrations</c>), reached through <see cref="PluginHostContext.Policy"/>.
/// </summary>
public sealed class DbMigrationsPlugin : IPortalPlugin
{
    /// <summary>The target kind this plugin provides.</summary>
    public const string Kind = "db-migrations";

    /// <inheritdoc />
    public void Register(IPluginRegistrar registrar)
    {
        ArgumentNullException.ThrowIfNull(registrar);
        registrar.AddTargetDriver(new DbMigrationsDriver(registrar.Host.Time, registrar.Host.Policy));
    }
}
