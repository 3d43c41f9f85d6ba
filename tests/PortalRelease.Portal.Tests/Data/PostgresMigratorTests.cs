using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Data.Postgres;

namespace PortalRelease.Portal.Tests.Data;

/// <summary>The portal's own migrator runs the PostgreSQL scripts (through Dapper, under its advisory lock) as the portal starts.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresMigratorTests(PostgresServer server) : IAsyncLifetime
{
    private string _database = "";

    public async Task InitializeAsync() => _database = await server.CreateDatabaseAsync();

    public Task DisposeAsync() => server.DropDatabaseAsync(_database);

    [Fact]
    public async Task MigrateAsync_OnPostgresTwice_AppliesEveryScriptOnce()
    {
        await using var database = new PostgresDatabase(Options.Create(new StorageOptions
        {
            Provider = StorageProvider.Postgres,
            ConnectionString = server.ConnectionStringFor(_database),
        }));
        var migrator = new SchemaMigrator(database, NullLogger<SchemaMigrator>.Instance);

        await migrator.MigrateAsync(CancellationToken.None);
        await migrator.MigrateAsync(CancellationToken.None);

        await using var connection = await database.OpenAsync();
        var applied = await connection.QueryAsync<(int Version, string Name)>("SELECT version, name FROM schema_version ORDER BY version");
        Assert.Equal(SchemaMigrator.ScriptsFor(StorageProvider.Sqlite).Select(s => (s.Version, s.Name)), applied);
    }
}
