using System.Text.Json;
using PortalRelease.Plugins.DbMigrations.Tests.Fixtures;
using PortalRelease.Sdk;
using PortalRelease.Sdk.Testing;

namespace PortalRelease.Plugins.DbMigrations.Tests.InProcess;

/// <summary>
/// The deployed plugin, loaded by the portal's loader, in one process with the portal's own SQLite database. Two copies
/// of SQLite in one process do not see each other's POSIX locks: when the plugin's copy closed its last connection to a
/// file the portal also had open, it took itself for the last user, checkpointed and unlinked the portal's live WAL.
/// </summary>
public sealed class SharedSqliteTests : IAsyncLifetime
{
    private readonly string _home = Directory.CreateTempSubdirectory("dbmig-shared-sqlite-").FullName;
    private readonly MigrationsFolder _migrations;
    private DeployedPlugin _plugin = null!;
    private HostDatabase _host = null!;

    public SharedSqliteTests()
    {
        _migrations = new MigrationsFolder(_home).WithSample();
    }

    public async Task InitializeAsync()
    {
        // The portal opens its database before any plugin runs.
        _host = await HostDatabase.CreateAsync(Directory.CreateDirectory(Path.Combine(_home, "host")).FullName);
        _plugin = new DeployedPlugin(_home);
    }

    [Fact]
    public async Task LoadedPlugin_OpensADatabase_OneNativeSqliteIsMappedInTheProcess()
    {
        await ApplyFirstVersionAsync(_plugin);

        var mapped = NativeLibraries.MappedSqlite();

        Assert.True(mapped.Count == 1, $"Expected the portal's one SQLite library, found {mapped.Count}: {string.Join(", ", mapped)}");
    }

    [Fact]
    public async Task PluginFolderShippingItsOwnSqlite_OpensADatabase_RunsOnThePortalsOne()
    {
        using var shipping = new DeployedPlugin(Directory.CreateDirectory(Path.Combine(_home, "shipping")).FullName, root: _home, withItsOwnSqlite: true);

        await ApplyFirstVersionAsync(shipping);

        var mapped = NativeLibraries.MappedSqlite();
        Assert.True(mapped.Count == 1, $"Expected the portal's one SQLite library, found {mapped.Count}: {string.Join(", ", mapped)}");
    }

    [Fact]
    public async Task PluginConnection_ClosedByThePoolWhileThePortalWrites_PortalsWalAndDatabaseSurvive()
    {
        await using (var portal = await _host.OpenAsync())
        {
            await HostDatabase.WriteAsync(portal, 1);
            // The plugin reads the same file; its connection goes back to its pool, open and idle.
            var status = await _plugin.Driver.GetStatusAsync(Target(_host.File), CancellationToken.None);
            Assert.Contains("reachable now", status.Detail);
            await HostDatabase.WriteAsync(portal, 2);

            // What the pool's idle pruning does minutes after the last use, now.
            _plugin.ClosePluginsIdleConnections();

            Assert.True(File.Exists(_host.WalFile), "The portal's write-ahead log was unlinked while the portal had it open.");
            Assert.Empty(NativeLibraries.OpenButDeleted(_host.File));
            await HostDatabase.WriteAsync(portal, 3);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var (integrity, written) = await _host.ReadBackAsync();
        Assert.Equal("ok", integrity);
        Assert.Equal([1L, 2L, 3L], written);
    }

    public Task DisposeAsync()
    {
        _plugin.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _migrations.Dispose();
        Directory.Delete(_home, recursive: true);
        return Task.CompletedTask;
    }

    private async Task ApplyFirstVersionAsync(DeployedPlugin plugin)
    {
        var applied = await plugin.Driver.ApplyAsync(Target(Path.Combine(_home, "app.db")), new ApplyRequest
        {
            ReleaseId = "rel-1", Version = "1.0.0", Cohort = Cohorts.Stable, Weight = 100, IdempotencyKey = "k-1", Strategy = DeploymentStrategy.AllAtOnce,
        }, CancellationToken.None);
        Assert.Equal(ApplyOutcome.Applied, applied.Outcome);
    }

    private TargetContext Target(string databaseFile) => new()
    {
        Name = "app-db",
        Kind = DbMigrationsPlugin.Kind,
        Settings = TargetContexts.ParseSettings(JsonSerializer.Serialize(new { provider = "sqlite", migrationsPath = _migrations.Path })),
        Secrets = new Dictionary<string, string> { ["connectionString"] = $"Data Source={databaseFile}" },
    };
}
