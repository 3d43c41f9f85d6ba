using PortalRelease.Testing;

namespace PortalRelease.Plugins.DbMigrations.Tests.Fixtures;

/// <summary>
/// Debian's PostgreSQL 15 with a throwaway login role for this test run (<see cref="DebianPostgres"/>, shared with the
/// portal's tests and the bench): each test gets its own database; the role and every database it created are dropped
/// on dispose.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private DebianPostgres? _postgres;

    private DebianPostgres Postgres => _postgres ?? throw new InvalidOperationException("PostgreSQL is not started yet.");

    /// <summary>The role's password: random per run, and the tests check it never appears in a message.</summary>
    public string Password => Postgres.Password;

    public string ConnectionStringFor(string database) => Postgres.ConnectionStringFor(database);

    public async Task InitializeAsync() => _postgres = await DebianPostgres.StartAsync("portal_mig_");

    /// <summary>Creates an empty database owned by the run's role.</summary>
    public Task<string> CreateDatabaseAsync() => Postgres.CreateDatabaseAsync();

    public Task DropDatabaseAsync(string name) => Postgres.DropDatabaseAsync(name);

    public async Task DisposeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres";
}
