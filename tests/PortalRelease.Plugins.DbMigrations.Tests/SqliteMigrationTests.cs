using Microsoft.Data.Sqlite;
using PortalRelease.Plugins.DbMigrations.Tests.Fixtures;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.DbMigrations.Tests;

/// <summary>The driver's behaviour on SQLite files in a temporary folder.</summary>
public sealed class SqliteMigrationTests : MigrationBehaviourTests
{
    protected override Task<ITestDatabase> CreateDatabaseAsync() => Task.FromResult<ITestDatabase>(new SqliteTestDatabase());

    [Fact]
    public async Task A_dry_run_and_a_status_read_never_create_the_database_file()
    {
        Folder.WithSample();
        var file = new SqliteConnectionStringBuilder(Db.ConnectionString).DataSource;

        var plan = await DryRun.PlanAsync(Target(), Request("k-canary", "1.1.0", Cohorts.Canary, 10), CancellationToken.None);
        var status = await Driver.GetStatusAsync(Target(), CancellationToken.None);

        Assert.False(File.Exists(file));
        Assert.Contains("the database file does not exist yet", plan.Steps[0].Title);
        Assert.Equal(3, plan.Steps.Count(s => s.Title.StartsWith("Run expand", StringComparison.Ordinal)));
        Assert.Equal(TargetHealth.Healthy, status.Health);
        Assert.Contains("pending up to 1.1.0: 3 expand, 1 contract", status.Detail);
    }
}
