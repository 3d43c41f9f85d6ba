using PortalRelease.Plugins.DbMigrations.Tests.Fixtures;

namespace PortalRelease.Plugins.DbMigrations.Tests;

/// <summary>The driver's behaviour on SQLite files in a temporary folder.</summary>
public sealed class SqliteMigrationTests : MigrationBehaviourTests
{
    protected override Task<ITestDatabase> CreateDatabaseAsync() => Task.FromResult<ITestDatabase>(new SqliteTestDatabase());
}
