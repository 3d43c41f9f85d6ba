using PortalRelease.Portal.Data.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using PortalRelease.Portal.Configuration;
using PortalRelease.Portal.Data;

namespace PortalRelease.Plugins.DbMigrations.Tests.Fixtures;

/// <summary>
/// A database the portal itself keeps open and writes, through its own connection factory (WAL, no auto-checkpoint) and
/// schema, with the portal's Microsoft.Data.Sqlite and native library: the process's other SQLite user.
/// </summary>
public sealed class HostDatabase
{
    private readonly SqliteDatabase _connections;

    private HostDatabase(string folder)
    {
        var options = new PortalOptions { DataDirectory = folder, PluginsDirectory = Path.Combine(folder, "plugins") };
        var paths = new PortalPaths(Microsoft.Extensions.Options.Options.Create(options), new HostingEnvironment { ContentRootPath = folder });
        _connections = new SqliteDatabase(paths);
        File = paths.DatabaseFile;
    }

    public string File { get; }

    public string WalFile => File + "-wal";

    public static async Task<HostDatabase> CreateAsync(string folder)
    {
        var database = new HostDatabase(folder);
        await new SchemaMigrator(database._connections, NullLogger<SchemaMigrator>.Instance).MigrateAsync(CancellationToken.None);
        await using var connection = await database.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "CREATE TABLE host_writes (n INTEGER PRIMARY KEY, at TEXT NOT NULL);";
        await command.ExecuteNonQueryAsync();
        return database;
    }

    public Task<SqliteConnection> OpenAsync() => _connections.OpenSqliteAsync();

    public static async Task WriteAsync(SqliteConnection connection, int n)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO host_writes (n, at) VALUES ($n, datetime('now'));";
        command.Parameters.AddWithValue("$n", n);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>From a fresh, unpooled connection: the integrity check's verdict and every number written.</summary>
    public async Task<(string Integrity, List<long> Written)> ReadBackAsync()
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = File, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var check = connection.CreateCommand();
        check.CommandText = "PRAGMA integrity_check;";
        var integrity = string.Join("; ", await ReadAllAsync(check));
        await using var read = connection.CreateCommand();
        read.CommandText = "SELECT n FROM host_writes ORDER BY n;";
        return (integrity, (await ReadAllAsync(read)).Select(long.Parse).ToList());
    }

    private static async Task<List<string>> ReadAllAsync(SqliteCommand command)
    {
        var values = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            values.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        }

        return values;
    }
}
