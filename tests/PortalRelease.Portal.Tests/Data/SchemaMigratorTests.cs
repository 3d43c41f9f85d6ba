using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using PortalRelease.Portal.Data;

namespace PortalRelease.Portal.Tests.Data;

public sealed class SchemaMigratorTests
{
    [Fact]
    public async Task Migrate_DatabaseMissingAMiddleVersion_AppliesItAndKeepsTheRest()
    {
        await using var db = await TestDatabase.CreateAsync();
        // A database migrated while migration 3 did not exist yet: versions 1, 2, 4 and 5 applied, 3 missing.
        await using (var connection = await db.Connections.OpenAsync())
        {
            await connection.ExecuteAsync(
                "DROP TRIGGER incidents_no_update; DROP TRIGGER incidents_no_delete; DROP TABLE incidents; DELETE FROM schema_version WHERE version = 3;");
        }

        await new SchemaMigrator(db.Connections, NullLogger<SchemaMigrator>.Instance).MigrateAsync(CancellationToken.None);

        await using var check = await db.Connections.OpenAsync();
        Assert.Equal(
            SchemaMigrator.ScriptsFor(StorageProvider.Sqlite).Select(s => (long)s.Version).ToList(),
            (await check.QueryAsync<long>("SELECT version FROM schema_version ORDER BY version")).ToList());
        Assert.Equal(1, await check.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'incidents'"));
    }

    [Fact]
    public async Task Migrate_DatabaseNewerThanThePortal_RefusesWithBothVersions()
    {
        await using var db = await TestDatabase.CreateAsync();
        await using (var connection = await db.Connections.OpenAsync())
        {
            await connection.ExecuteAsync("INSERT INTO schema_version (version, name, applied_at) VALUES (999, '0999_future.sql', 'x')");
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => new SchemaMigrator(db.Connections, NullLogger<SchemaMigrator>.Instance).MigrateAsync(CancellationToken.None));

        Assert.Contains("version 999", error.Message);
        Assert.Contains($"up to {SchemaMigrator.ScriptsFor(StorageProvider.Sqlite)[^1].Version}", error.Message);
    }

    [Fact]
    public async Task Migrate_RunTwice_IsIdempotent()
    {
        await using var db = await TestDatabase.CreateAsync();
        await db.CreateReleaseAsync("r");

        await new SchemaMigrator(db.Connections, NullLogger<SchemaMigrator>.Instance).MigrateAsync(CancellationToken.None);

        await using var connection = await db.Connections.OpenAsync();
        Assert.Equal(SchemaMigrator.ScriptsFor(StorageProvider.Sqlite).Count, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM schema_version"));
        Assert.Single(await db.Journal.ReadAsync("r"));
    }
}
