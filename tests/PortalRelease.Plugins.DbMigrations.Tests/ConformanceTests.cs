using System.Text.Json;
using PortalRelease.Plugins.DbMigrations.Tests.Fixtures;
using PortalRelease.Sdk;
using PortalRelease.Sdk.Testing;
using PortalRelease.Sdk.Testing.Conformance;

namespace PortalRelease.Plugins.DbMigrations.Tests;

/// <summary>
/// The SDK's driver conformance suite against the db-migrations driver: 1.0.0 creates a table, 1.1.0 expands it (with
/// a down script) and contracts it. The external state compared by the "changes nothing" checks is the journal and the
/// call log inside the target database.
/// </summary>
public abstract class DbMigrationsConformanceTests : TargetDriverConformanceTests
{
    private readonly MigrationsFolder _folder = new MigrationsFolder().WithSample();
    private ITestDatabase? _db;

    private ITestDatabase Db => _db ?? throw new InvalidOperationException("The database is created in InitializeAsync.");

    protected abstract Task<ITestDatabase> CreateDatabaseAsync();

    protected override ITargetDriver CreateDriver() => Drivers.Create();

    // The conformance kit passes settings as plain JSON; the portal would pass connectionString as a secret.
    protected override string ValidSettingsJson =>
        JsonSerializer.Serialize(new { provider = Db.Provider, connectionString = Db.ConnectionString, migrationsPath = _folder.Path, lockTimeout = "5s" });

    protected override IEnumerable<string> InvalidSettingsJson =>
    [
        "[]",
        "{}",
        JsonSerializer.Serialize(new { provider = "oracle", connectionString = Db.ConnectionString, migrationsPath = _folder.Path }),
        JsonSerializer.Serialize(new { provider = Db.Provider, connectionString = Db.ConnectionString, migrationsPath = _folder.Path, lockTimeout = "soon" }),
        JsonSerializer.Serialize(new { provider = Db.Provider, connectionString = Db.ConnectionString, migrationsPath = Path.Combine(_folder.Path, "missing") }),
        JsonSerializer.Serialize(new { provider = Db.Provider, connectionString = Db.ConnectionString, migrationsPath = _folder.Path, unknown = true }),
    ];

    public override async Task InitializeAsync()
    {
        _db = await CreateDatabaseAsync();
        await base.InitializeAsync();
    }

    protected override async ValueTask<string> CaptureExternalStateAsync()
    {
        if (!await Db.TableExistsAsync("portal_schema_journal"))
        {
            return "";
        }

        var journal = await Db.QueryAsync("SELECT file, phase, idempotency_key FROM portal_schema_journal ORDER BY id;");
        var calls = await Db.QueryAsync("SELECT idempotency_key, action FROM portal_schema_calls ORDER BY seq;");
        return string.Join('\n', journal.Concat(calls).Select(r => string.Join(' ', r)));
    }

    protected override async Task CleanupAsync()
    {
        await Db.DisposeAsync();
        _folder.Dispose();
    }
}

/// <summary>The conformance suite on a SQLite file.</summary>
public sealed class SqliteConformanceTests : DbMigrationsConformanceTests
{
    protected override Task<ITestDatabase> CreateDatabaseAsync() => Task.FromResult<ITestDatabase>(new SqliteTestDatabase());
}

/// <summary>The conformance suite on PostgreSQL 15.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresConformanceTests(PostgresServer server) : DbMigrationsConformanceTests
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync(server);
}
