using System.Text.Json;
using PortalRelease.Sdk;
using PortalRelease.Sdk.Testing;

namespace PortalRelease.Plugins.DbMigrations.Tests.Fixtures;

/// <summary>
/// One real database (from <see cref="CreateDatabaseAsync"/>), one migrations folder and the driver registered through
/// its plugin entry point, fresh for each test. The connection string reaches the driver as a secret, as from the portal.
/// </summary>
public abstract class DriverTestBase : IAsyncLifetime
{
    protected ITestDatabase Db { get; private set; } = null!;

    protected MigrationsFolder Folder { get; } = new();

    protected ITargetDriver Driver { get; private set; } = null!;

    protected IDryRunDriver DryRun => Assert.IsAssignableFrom<IDryRunDriver>(Driver);

    protected abstract Task<ITestDatabase> CreateDatabaseAsync();

    public async Task InitializeAsync()
    {
        Db = await CreateDatabaseAsync();
        Driver = NewDriver();
    }

    public async Task DisposeAsync()
    {
        await Db.DisposeAsync();
        Folder.Dispose();
    }

    /// <summary>Another driver instance, as after a portal restart or in a second portal process (its own in-process lock).</summary>
    protected static ITargetDriver NewDriver() => Drivers.Create();

    protected TargetContext Target(string lockTimeout = "5s") => new()
    {
        Name = "app-db",
        Kind = DbMigrationsPlugin.Kind,
        Settings = TargetContexts.ParseSettings(JsonSerializer.Serialize(new { provider = Db.Provider, migrationsPath = Folder.Path, lockTimeout })),
        Secrets = new Dictionary<string, string> { ["connectionString"] = Db.ConnectionString },
    };

    protected Task<ApplyResult> ApplyAsync(string key, string version, string cohort, int weight, string release = "rel-1",
        DeploymentStrategy strategy = DeploymentStrategy.Canary, TargetContext? target = null, ITargetDriver? driver = null) =>
        (driver ?? Driver).ApplyAsync(target ?? Target(), Request(key, version, cohort, weight, release, strategy), CancellationToken.None);

    protected Task<ApplyResult> RollbackAsync(string key, string from, string? to, string release = "rel-1") =>
        Driver.RollbackAsync(Target(), new RollbackRequest { ReleaseId = release, FromVersion = from, ToVersion = to, IdempotencyKey = key }, CancellationToken.None);

    protected static ApplyRequest Request(string key, string version, string cohort, int weight, string release = "rel-1", DeploymentStrategy strategy = DeploymentStrategy.Canary) =>
        new() { ReleaseId = release, Version = version, Cohort = cohort, Weight = weight, IdempotencyKey = key, Strategy = strategy };

    /// <summary>The journal as (version, file, phase, key, release) rows, oldest first.</summary>
    protected async Task<List<string>> JournalAsync() =>
        await Db.TableExistsAsync("portal_schema_journal")
            ? (await Db.QueryAsync("SELECT version, file, phase, idempotency_key, release_id FROM portal_schema_journal ORDER BY id;")).Select(r => string.Join(" | ", r)).ToList()
            : [];

    /// <summary>Establishes 1.0.0 as stable: users(id, name) with one row.</summary>
    protected async Task EstablishAsync()
    {
        Folder.WithSample();
        Assert.Equal(ApplyOutcome.Applied, (await ApplyAsync("k-stable", "1.0.0", Cohorts.Stable, 100, release: "rel-0")).Outcome);
    }
}
