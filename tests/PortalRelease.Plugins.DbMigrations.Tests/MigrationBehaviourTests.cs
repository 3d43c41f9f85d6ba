using System.Security.Cryptography;
using System.Text;
using PortalRelease.Plugins.DbMigrations.Tests.Fixtures;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.DbMigrations.Tests;

/// <summary>The driver's behaviour on a real database; derived once for SQLite and once for PostgreSQL.</summary>
public abstract class MigrationBehaviourTests : DriverTestBase
{
    [Fact]
    public async Task A_canary_runs_the_expand_migrations_first_and_the_promotion_runs_the_contract_migrations()
    {
        await EstablishAsync();
        Assert.Equal(["id", "name"], await Db.ColumnsAsync("users"));

        var canary = await ApplyAsync("k-canary", "1.1.0", Cohorts.Canary, 10);

        Assert.Equal(ApplyOutcome.Applied, canary.Outcome);
        Assert.Equal(["id", "name", "email", "display_name"], await Db.ColumnsAsync("users"));
        Assert.Contains("1.1.0/0001_add_email.expand.sql, 1.1.0/0002_add_display_name.expand.sql", canary.Detail);
        var status = await Driver.GetStatusAsync(Target(), CancellationToken.None);
        Assert.Equal(("1.0.0", "1.1.0", 10), (status.StableVersion, status.CanaryVersion, status.CanaryWeight));
        Assert.Contains("pending up to 1.1.0: 0 expand, 1 contract", status.Detail);

        var more = await ApplyAsync("k-canary-50", "1.1.0", Cohorts.Canary, 50);
        Assert.Equal(ApplyOutcome.Applied, more.Outcome);
        Assert.StartsWith("No migrations pending", more.Detail);

        var promotion = await ApplyAsync("k-promote", "1.1.0", Cohorts.Stable, 100);

        Assert.Equal(ApplyOutcome.Applied, promotion.Outcome);
        Assert.Contains("1.1.0/0001_drop_name.contract.sql", promotion.Detail);
        Assert.Equal(["id", "email", "display_name"], await Db.ColumnsAsync("users"));
        Assert.Equal([["ada"]], await Db.QueryAsync("SELECT display_name FROM users;"));
        status = await Driver.GetStatusAsync(Target(), CancellationToken.None);
        Assert.Equal(("1.1.0", (string?)null, 0, TargetHealth.Healthy), (status.StableVersion, status.CanaryVersion, status.CanaryWeight, status.Health));
    }

    [Fact]
    public async Task All_at_once_runs_expand_migrations_and_contracts_the_previous_version_at_the_next_release()
    {
        Folder.WithSample();
        Folder.Write("1.2.0", "0001_add_phone.expand.sql", "ALTER TABLE users ADD COLUMN phone TEXT;");

        await ApplyAsync("k-110", "1.1.0", Cohorts.Stable, 100, strategy: DeploymentStrategy.AllAtOnce);

        // The old version may still be serving while the new one starts: its column stays until the next release.
        Assert.Equal(["id", "name", "email", "display_name"], await Db.ColumnsAsync("users"));

        var next = await ApplyAsync("k-120", "1.2.0", Cohorts.Stable, 100, release: "rel-2", strategy: DeploymentStrategy.AllAtOnce);

        Assert.Equal(["id", "email", "display_name", "phone"], await Db.ColumnsAsync("users"));
        Assert.Contains("1.1.0/0001_drop_name.contract.sql, 1.2.0/0001_add_phone.expand.sql", next.Detail);
    }

    [Fact]
    public async Task Blue_green_expands_for_the_preview_and_contracts_only_when_the_previous_version_is_retired()
    {
        await EstablishAsync();

        var preview = await ApplyAsync("k-preview", "1.1.0", Cohorts.Preview, 0, strategy: DeploymentStrategy.BlueGreen);
        Assert.Equal(["id", "name", "email", "display_name"], await Db.ColumnsAsync("users"));
        Assert.Equal("1.1.0", (await Driver.GetStatusAsync(Target(), CancellationToken.None)).PreviewVersion);

        var @switch = await ApplyAsync("k-switch", "1.1.0", Cohorts.Stable, 100, strategy: DeploymentStrategy.BlueGreen);
        // 1.0.0 keeps running for an instant switch back: its column stays.
        Assert.Equal(["id", "name", "email", "display_name"], await Db.ColumnsAsync("users"));
        var status = await Driver.GetStatusAsync(Target(), CancellationToken.None);
        Assert.Equal(("1.1.0", "1.0.0", (string?)null), (status.StableVersion, status.PreviousVersion, status.PreviewVersion));

        var retire = await ApplyAsync("k-retire", "1.0.0", Cohorts.Previous, 0, strategy: DeploymentStrategy.BlueGreen);

        Assert.Contains("2 migrations for preview 1.1.0", preview.Detail);
        Assert.StartsWith("No migrations pending for switch to 1.1.0", @switch.Detail);
        Assert.Contains("1.1.0/0001_drop_name.contract.sql", retire.Detail);
        Assert.Equal(["id", "email", "display_name"], await Db.ColumnsAsync("users"));
        Assert.Null((await Driver.GetStatusAsync(Target(), CancellationToken.None)).PreviousVersion);
    }

    [Fact]
    public async Task Rolling_batches_expand_and_the_last_batch_contracts()
    {
        await EstablishAsync();

        await ApplyAsync("k-batch-1", "1.1.0", Cohorts.Stable, 30, strategy: DeploymentStrategy.Rolling);
        Assert.Equal(["id", "name", "email", "display_name"], await Db.ColumnsAsync("users"));
        Assert.Equal(("1.0.0", "1.1.0", 30), await RoutingAsync());

        await ApplyAsync("k-batch-2", "1.1.0", Cohorts.Stable, 100, strategy: DeploymentStrategy.Rolling);
        Assert.Equal(["id", "email", "display_name"], await Db.ColumnsAsync("users"));
        Assert.Equal(("1.1.0", (string?)null, 0), await RoutingAsync());
    }

    [Fact]
    public async Task A_destructive_statement_in_an_expand_migration_is_refused_with_file_and_line_before_anything_runs()
    {
        Folder.WithSample();
        Folder.Write("1.1.0", "0003_cleanup.expand.sql",
            "-- DROP TABLE in a comment is fine\nALTER TABLE users ADD COLUMN note TEXT DEFAULT 'drop table users';\nALTER TABLE users\n  DROP COLUMN name;\nTRUNCATE users;\n");

        var errors = await Driver.ValidateSettingsAsync(SettingsWithSecret(), CancellationToken.None);
        var failure = await Assert.ThrowsAsync<DriverException>(() => ApplyAsync("k-canary", "1.1.0", Cohorts.Canary, 10));

        Assert.Equal(["/migrationsPath", "/migrationsPath"], errors.Select(e => e.Path));
        Assert.StartsWith("1.1.0/0003_cleanup.expand.sql line 4: DROP COLUMN is destructive", errors[0].Message);
        Assert.StartsWith("1.1.0/0003_cleanup.expand.sql line 5: TRUNCATE is destructive", errors[1].Message);
        Assert.Contains("1.1.0/0003_cleanup.expand.sql line 4: DROP COLUMN", failure.Message);
        Assert.Contains("Refused before anything ran", failure.Message);
        Assert.False(await Db.TableExistsAsync("users"));
        Assert.False(await Db.TableExistsAsync("portal_schema_journal"));
    }

    [Fact]
    public async Task The_dry_run_lists_the_steps_in_order_with_their_sql_and_changes_nothing()
    {
        Folder.WithSample();

        var plan = await DryRun.PlanAsync(Target(), Request("k-canary", "1.1.0", Cohorts.Canary, 10), CancellationToken.None);

        var titles = plan.Steps.Select(s => s.Title).ToList();
        Assert.StartsWith($"Connect to the {Db.Provider} database", titles[0]);
        Assert.Contains("lock timeout (5 s", titles[1]);
        Assert.Equal("Create the journal tables portal_schema_journal and portal_schema_calls", titles[2]);
        Assert.Equal(
            [
                "Run expand migration 1.0.0/0001_create_users.expand.sql",
                "Run expand migration 1.1.0/0001_add_email.expand.sql",
                "Run expand migration 1.1.0/0002_add_display_name.expand.sql",
            ],
            titles.Where(t => t.StartsWith("Run ", StringComparison.Ordinal)));
        Assert.StartsWith("Record 3 files", titles[^1]);
        Assert.Contains("ALTER TABLE users ADD COLUMN email TEXT;", plan.Steps.Single(s => s.Title.EndsWith("0001_add_email.expand.sql", StringComparison.Ordinal)).Text);
        Assert.StartsWith("Would run 3 migrations for canary 1.1.0 at 10%", plan.Summary);
        Assert.False(await Db.TableExistsAsync("users"));
        Assert.False(await Db.TableExistsAsync("portal_schema_journal"));

        await ApplyAsync("k-canary", "1.1.0", Cohorts.Canary, 10);
        var promotion = await DryRun.PlanAsync(Target(), Request("k-promote", "1.1.0", Cohorts.Stable, 100), CancellationToken.None);
        var repeat = await DryRun.PlanAsync(Target(), Request("k-canary", "1.1.0", Cohorts.Canary, 10), CancellationToken.None);

        Assert.Equal(["Run contract migration 1.1.0/0001_drop_name.contract.sql"], promotion.Steps.Select(s => s.Title).Where(t => t.StartsWith("Run ", StringComparison.Ordinal)));
        Assert.DoesNotContain(promotion.Steps, s => s.Title.StartsWith("Create the journal", StringComparison.Ordinal));
        Assert.Empty(repeat.Steps);
        Assert.StartsWith("Nothing would run: key 'k-canary' was already applied", repeat.Summary);
    }

    [Fact]
    public async Task The_journal_table_records_version_file_phase_checksum_and_key_of_every_script()
    {
        await EstablishAsync();
        await ApplyAsync("k-canary", "1.1.0", Cohorts.Canary, 10);
        await ApplyAsync("k-promote", "1.1.0", Cohorts.Stable, 100);

        Assert.Equal(
            [
                "1.0.0 | 1.0.0/0001_create_users.expand.sql | expand | k-stable | rel-0",
                "1.1.0 | 1.1.0/0001_add_email.expand.sql | expand | k-canary | rel-1",
                "1.1.0 | 1.1.0/0002_add_display_name.expand.sql | expand | k-canary | rel-1",
                "1.1.0 | 1.1.0/0001_drop_name.contract.sql | contract | k-promote | rel-1",
            ],
            await JournalAsync());
        var checksums = await Db.QueryAsync("SELECT file, checksum, applied_at FROM portal_schema_journal ORDER BY id;");
        foreach (var row in checksums)
        {
            var content = await File.ReadAllTextAsync(Path.Combine(Folder.Path, row[0]));
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content))), row[1]);
            Assert.False(string.IsNullOrWhiteSpace(row[2]));
        }

        Assert.Equal([["k-stable"], ["k-canary"], ["k-promote"]], await Db.QueryAsync("SELECT idempotency_key FROM portal_schema_calls ORDER BY seq;"));
    }

    [Fact]
    public async Task Applying_the_same_key_twice_is_already_applied_and_runs_nothing_even_from_another_driver_instance()
    {
        await EstablishAsync();
        var first = await ApplyAsync("k-canary", "1.1.0", Cohorts.Canary, 10);
        var journal = await JournalAsync();

        var again = await ApplyAsync("k-canary", "1.1.0", Cohorts.Canary, 10);
        var afterRestart = await ApplyAsync("k-canary", "1.1.0", Cohorts.Canary, 30, driver: NewDriver());

        Assert.Equal(ApplyOutcome.Applied, first.Outcome);
        Assert.Equal(ApplyOutcome.AlreadyApplied, again.Outcome);
        Assert.Equal(ApplyOutcome.AlreadyApplied, afterRestart.Outcome);
        Assert.Contains("Key 'k-canary' was already applied", again.Detail);
        Assert.Equal(journal, await JournalAsync());
        Assert.Equal(10, (await Driver.GetStatusAsync(Target(), CancellationToken.None)).CanaryWeight);
    }

    [Fact]
    public async Task A_changed_checksum_of_an_applied_file_is_an_error_and_nothing_runs()
    {
        await EstablishAsync();
        var applied = Path.Combine(Folder.Path, "1.0.0", "0001_create_users.expand.sql");
        // Line endings alone are not a change (a checkout with CRLF must not break the release).
        await File.WriteAllTextAsync(applied, (await File.ReadAllTextAsync(applied)).Replace("\n", "\r\n", StringComparison.Ordinal));
        Assert.Equal(TargetHealth.Healthy, (await Driver.GetStatusAsync(Target(), CancellationToken.None)).Health);
        await File.AppendAllTextAsync(applied, "CREATE INDEX users_name ON users (name);\n");

        var failure = await Assert.ThrowsAsync<DriverException>(() => ApplyAsync("k-canary", "1.1.0", Cohorts.Canary, 10));
        var status = await Driver.GetStatusAsync(Target(), CancellationToken.None);

        Assert.Contains("1.0.0/0001_create_users.expand.sql was applied at", failure.Message);
        Assert.Contains("an applied migration must never change", failure.Message);
        Assert.Equal(["id", "name"], await Db.ColumnsAsync("users"));
        Assert.Single(await JournalAsync());
        Assert.Equal(TargetHealth.Degraded, status.Health);
        Assert.Contains("1.0.0/0001_create_users.expand.sql", status.Detail);
    }

    [Fact]
    public async Task Rollback_runs_the_down_scripts_of_the_release_and_says_which_changes_stay()
    {
        await EstablishAsync();
        await ApplyAsync("k-canary", "1.1.0", Cohorts.Canary, 10);

        var rollback = await RollbackAsync("k-rollback", "1.1.0", "1.0.0");

        Assert.Equal(ApplyOutcome.Applied, rollback.Outcome);
        Assert.Equal(["id", "name", "display_name"], await Db.ColumnsAsync("users"));
        Assert.Contains("Ran down script: 1.1.0/0001_add_email.down.sql.", rollback.Detail);
        Assert.Contains("Data changes are NOT undone for 1.1.0/0002_add_display_name.expand.sql: no down script", rollback.Detail);
        Assert.Equal("1.1.0 | 1.1.0/0001_add_email.down.sql | down | k-rollback | rel-1", (await JournalAsync())[^1]);
        var status = await Driver.GetStatusAsync(Target(), CancellationToken.None);
        Assert.Equal(("1.0.0", (string?)null, 0), (status.StableVersion, status.CanaryVersion, status.CanaryWeight));
        Assert.Equal(ApplyOutcome.AlreadyApplied, (await RollbackAsync("k-rollback", "1.1.0", "1.0.0")).Outcome);

        // The undone expand migration is pending again for the next attempt; the one that stayed is not re-run.
        var retry = await ApplyAsync("k-retry", "1.1.0", Cohorts.Canary, 10, release: "rel-2");
        Assert.Equal("Ran 1 migration for canary 1.1.0 at 10%: 1.1.0/0001_add_email.expand.sql.", retry.Detail);
        Assert.Equal(["id", "name", "display_name", "email"], await Db.ColumnsAsync("users"));
    }

    [Fact]
    public async Task Rollback_without_down_scripts_says_plainly_that_data_changes_are_not_undone()
    {
        Folder.Write("1.0.0", "0001_create_users.expand.sql", "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);");
        Folder.Write("1.1.0", "0001_add_email.expand.sql", "ALTER TABLE users ADD COLUMN email TEXT;");
        await ApplyAsync("k-stable", "1.0.0", Cohorts.Stable, 100, release: "rel-0");
        await ApplyAsync("k-canary", "1.1.0", Cohorts.Canary, 25);

        var rollback = await RollbackAsync("k-rollback", "1.1.0", "1.0.0");

        Assert.Equal(
            "Rolled back 1.1.0 to 1.0.0. Data changes are NOT undone for 1.1.0/0001_add_email.expand.sql: no down script, so the schema keeps these "
            + "expand changes (they are backward compatible: 1.0.0 runs on them).",
            rollback.Detail);
        Assert.Equal(["id", "name", "email"], await Db.ColumnsAsync("users"));
    }

    [Fact]
    public async Task Rollback_after_promotion_says_contract_migrations_are_never_undone()
    {
        await EstablishAsync();
        await ApplyAsync("k-canary", "1.1.0", Cohorts.Canary, 10);
        await ApplyAsync("k-promote", "1.1.0", Cohorts.Stable, 100);

        var rollback = await RollbackAsync("k-rollback", "1.1.0", "1.0.0");

        Assert.Contains("Contract migrations are never undone: 1.1.0/0001_drop_name.contract.sql ran at promotion", rollback.Detail);
    }

    [Fact]
    public async Task The_lock_timeout_is_respected_and_the_waiting_apply_changes_nothing()
    {
        await EstablishAsync();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        DriverException failure;
        await using (await Db.HoldLockAsync("users"))
        {
            watch.Restart();
            failure = await Assert.ThrowsAsync<DriverException>(() => ApplyAsync("k-canary", "1.1.0", Cohorts.Canary, 10, target: Target(lockTimeout: "1s")));
            watch.Stop();
        }

        Assert.Contains("the lock timeout is 1 s", failure.Message);
        Assert.Contains("Nothing was changed", failure.Message);
        Assert.True(failure.IsTransient);
        Assert.InRange(watch.Elapsed.TotalSeconds, 0.9, 8);
        Assert.Equal(["id", "name"], await Db.ColumnsAsync("users"));
        Assert.Single(await JournalAsync());

        // Once the lock is gone the same key applies: the failed attempt left no trace.
        Assert.Equal(ApplyOutcome.Applied, (await ApplyAsync("k-canary", "1.1.0", Cohorts.Canary, 10, target: Target(lockTimeout: "1s"))).Outcome);
    }

    [Fact]
    public async Task Two_applies_from_separate_drivers_never_interleave()
    {
        await EstablishAsync();
        var other = NewDriver();

        var results = await Task.WhenAll(
            Task.Run(() => ApplyAsync("k-a", "1.1.0", Cohorts.Canary, 10)),
            Task.Run(() => ApplyAsync("k-b", "1.1.0", Cohorts.Canary, 20, driver: other)));

        // Whichever ran second found the first's journal rows, so each script ran exactly once.
        Assert.All(results, r => Assert.Equal(ApplyOutcome.Applied, r.Outcome));
        Assert.Single(results, r => r.Detail!.StartsWith("No migrations pending", StringComparison.Ordinal));
        Assert.Equal(3, (await JournalAsync()).Count);
    }

    [Fact]
    public async Task A_failing_migration_names_the_file_rolls_back_the_whole_call_and_never_shows_the_connection_string()
    {
        await EstablishAsync();
        Folder.Write("1.2.0", "0001_ok.expand.sql", "ALTER TABLE users ADD COLUMN a TEXT;");
        Folder.Write("1.2.0", "0002_bad.expand.sql", "ALTER TABLE users ADD COLUMN b TEXT;\nSELECT * FROM missing_table;\n");

        var failure = await Assert.ThrowsAsync<DriverException>(() => ApplyAsync("k-120", "1.2.0", Cohorts.Canary, 10, release: "rel-2"));

        Assert.StartsWith("Migration 1.2.0/0002_bad.expand.sql failed on target 'app-db'", failure.Message);
        Assert.Contains("missing_table", failure.Message);
        Assert.Contains("Nothing was changed", failure.Message);
        Assert.DoesNotContain(Db.ConnectionString, failure.Message);
        Assert.Equal(["id", "name"], await Db.ColumnsAsync("users"));
        Assert.Single(await JournalAsync());
    }

    private async Task<(string? Stable, string? Canary, int Weight)> RoutingAsync()
    {
        var status = await Driver.GetStatusAsync(Target(), CancellationToken.None);
        return (status.StableVersion, status.CanaryVersion, status.CanaryWeight);
    }

    private System.Text.Json.JsonElement SettingsWithSecret() =>
        PortalRelease.Sdk.Testing.TargetContexts.ParseSettings(System.Text.Json.JsonSerializer.Serialize(
            new { provider = Db.Provider, connectionString = Db.ConnectionString, migrationsPath = Folder.Path, lockTimeout = "5s" }));
}
