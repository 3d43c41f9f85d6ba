using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using PortalRelease.Portal.Configuration;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Data.Postgres;
using PortalRelease.Portal.Data.Sqlite;
using PortalRelease.Portal.Plugins.State;

namespace PortalRelease.Portal.Tests.Data;

/// <summary>
/// One migrated portal database (a SQLite file in a temporary folder, or a PostgreSQL database of Debian's server) and
/// "nodes" over it: each node is a database object of its own (its own connection pool) with the host's plugin state
/// services on top, as each portal process of a cluster has.
/// </summary>
internal sealed class PluginStateNodes : IAsyncDisposable
{
    private readonly List<PortalDatabase> _databases = [];
    private readonly string? _postgres;
    private readonly PortalPaths? _paths;
    private readonly string? _root;

    private PluginStateNodes(string? postgres)
    {
        _postgres = postgres;
        if (postgres is null)
        {
            _root = Directory.CreateTempSubdirectory("portal-state-").FullName;
            var options = new PortalOptions { DataDirectory = Path.Combine(_root, "data"), PluginsDirectory = Path.Combine(_root, "plugins") };
            _paths = new PortalPaths(Options.Create(options), new HostingEnvironment { ContentRootPath = _root });
        }
    }

    public bool IsPostgres => _postgres is not null;

    /// <summary>Migrates the database: SQLite when <paramref name="postgresConnectionString"/> is null.</summary>
    public static async Task<PluginStateNodes> CreateAsync(string? postgresConnectionString)
    {
        var nodes = new PluginStateNodes(postgresConnectionString);
        await new SchemaMigrator(nodes.Database(), NullLogger<SchemaMigrator>.Instance).MigrateAsync(CancellationToken.None);
        return nodes;
    }

    /// <summary>A new database object over the shared database: what one more node would open.</summary>
    public PortalDatabase Database()
    {
        PortalDatabase database = _postgres is null
            ? new SqliteDatabase(_paths!)
            : new PostgresDatabase(Options.Create(new StorageOptions { Provider = StorageProvider.Postgres, ConnectionString = _postgres }));
        _databases.Add(database);
        return database;
    }

    /// <summary>The plugin state services of a node over <paramref name="database"/> (a new node's when null).</summary>
    public PluginStateHost Node(PortalDatabase? database = null) => new(new PluginStateRepository(database ?? Database()), TimeProvider.System);

    public async ValueTask DisposeAsync()
    {
        foreach (var database in _databases.OfType<IAsyncDisposable>())
        {
            await database.DisposeAsync();
        }
        if (_root is not null)
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
        else
        {
            NpgsqlConnection.ClearAllPools();
        }
    }
}
