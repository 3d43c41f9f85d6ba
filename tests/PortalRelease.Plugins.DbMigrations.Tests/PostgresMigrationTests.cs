using PortalRelease.Plugins.DbMigrations.Tests.Fixtures;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.DbMigrations.Tests;

/// <summary>The driver's behaviour on Debian's PostgreSQL 15, one fresh database per test.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresMigrationTests(PostgresServer server) : MigrationBehaviourTests
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync(server);

    [Fact]
    public async Task An_apply_waiting_on_another_applys_advisory_lock_gives_up_after_the_lock_timeout()
    {
        await EstablishAsync();

        DriverException failure;
        await using (await ((PostgresTestDatabase)Db).HoldAdvisoryLockAsync())
        {
            failure = await Assert.ThrowsAsync<DriverException>(() => ApplyAsync("k-canary", "1.1.0", Cohorts.Canary, 10, target: Target(lockTimeout: "300ms")));
        }

        Assert.Contains("Gave up waiting for a lock on the postgresql database of target 'app-db'", failure.Message);
        Assert.Contains("the lock timeout is 300 ms", failure.Message);
        Assert.Equal(["id", "name"], await Db.ColumnsAsync("users"));
    }

    [Fact]
    public async Task The_failing_line_and_sqlstate_come_from_the_server_and_the_password_never_appears()
    {
        await EstablishAsync();
        Folder.Write("1.2.0", "0001_bad.expand.sql", "-- one\n-- two\nSELECT * FROM missing_table;\n");

        var failure = await Assert.ThrowsAsync<DriverException>(() => ApplyAsync("k-120", "1.2.0", Cohorts.Canary, 10));

        Assert.Contains("42P01: relation \"missing_table\" does not exist (line 3)", failure.Message);
        Assert.DoesNotContain(server.Password, failure.Message);
    }

    [Fact]
    public async Task A_database_that_refuses_the_connection_is_unhealthy_and_the_password_is_never_shown()
    {
        Folder.WithSample();
        var target = new TargetContext
        {
            Name = "app-db",
            Kind = DbMigrationsPlugin.Kind,
            Settings = Target().Settings,
            Secrets = new Dictionary<string, string> { ["connectionString"] = server.ConnectionStringFor("no_such_database_here") },
        };

        var failure = await Assert.ThrowsAsync<DriverException>(() => Driver.ApplyAsync(target, Request("k", "1.0.0", Cohorts.Canary, 10), CancellationToken.None));
        var status = await Driver.GetStatusAsync(target, CancellationToken.None);

        Assert.StartsWith("Cannot connect to the postgresql database of target 'app-db'", failure.Message);
        Assert.Contains("no_such_database_here", failure.Message);
        Assert.True(failure.IsTransient);
        Assert.Equal(TargetHealth.Unhealthy, status.Health);
        Assert.DoesNotContain(server.Password, failure.Message + status.Detail);
    }
}
