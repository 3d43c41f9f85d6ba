using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Data.Postgres;
using PortalRelease.Testing;

namespace PortalRelease.Portal.Tests.Data;

/// <summary>
/// Debian's PostgreSQL 15 with a throwaway login role for this test run (<see cref="DebianPostgres"/>, shared with the
/// DbMigrations plugin's tests and the bench): each test gets its own database, empty or already migrated; the role and
/// every database it created are dropped on dispose.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private readonly SemaphoreSlim _templateGate = new(1, 1);
    private DebianPostgres? _postgres;
    private string? _template;

    private DebianPostgres Postgres => _postgres ?? throw new InvalidOperationException("PostgreSQL is not started yet.");

    /// <summary>The role's password: random per run.</summary>
    public string Password => Postgres.Password;

    public string AdminConnectionString => Postgres.AdminConnectionString;

    public string ConnectionStringFor(string database) => Postgres.ConnectionStringFor(database);

    /// <summary>The settings that put a portal (a node) on <paramref name="database"/>.</summary>
    public Dictionary<string, string> PortalSettings(string database) => new()
    {
        ["Portal:Storage:Provider"] = "Postgres",
        ["Portal:Storage:ConnectionString"] = ConnectionStringFor(database),
    };

    public async Task InitializeAsync() => _postgres = await DebianPostgres.StartAsync("portal_pt_");

    /// <summary>Creates an empty database owned by the run's role.</summary>
    public Task<string> CreateDatabaseAsync() => Postgres.CreateDatabaseAsync();

    /// <summary>
    /// A database the portal's migrations have already run on, copied from a template migrated once per run (a copy
    /// takes a fraction of what migrating does). The template collates text by ICU's en-US rules, as a server set up
    /// with a language's locale does (Debian's own cluster collates C.UTF-8, byte order): a store that relies on the
    /// database's default order of text, rather than asking for byte order, shows it here.
    /// </summary>
    public async Task<string> CreateMigratedDatabaseAsync()
    {
        await _templateGate.WaitAsync();
        try
        {
            _template ??= await CreateTemplateAsync();
        }
        finally
        {
            _templateGate.Release();
        }
        return await Postgres.CreateDatabaseAsync(clause: $"TEMPLATE {_template}");
    }

    private async Task<string> CreateTemplateAsync()
    {
        var name = await Postgres.CreateDatabaseAsync(Postgres.DatabaseName("template"), "TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US'");
        // Unpooled, so no session is left on the template: PostgreSQL copies a database only while nobody is connected to it.
        var options = new StorageOptions { Provider = StorageProvider.Postgres, ConnectionString = ConnectionStringFor(name) + ";Pooling=false" };
        await using var database = new PostgresDatabase(Options.Create(options));
        await new SchemaMigrator(database, NullLogger<SchemaMigrator>.Instance).MigrateAsync(CancellationToken.None);
        return name;
    }

    public Task DropDatabaseAsync(string name) => Postgres.DropDatabaseAsync(name);

    public async Task DisposeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
        _templateGate.Dispose();
    }
}

/// <summary>The portal tests that need PostgreSQL share one <see cref="PostgresServer"/> (one role) per run.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres-portal";
}
