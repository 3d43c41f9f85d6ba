using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using PortalRelease.Portal.Audit;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Portal.Tests.Data;

namespace PortalRelease.Portal.Tests.Audit;

public sealed class ChainUpgradeTests
{
    [Fact]
    public async Task Migrate_JournalWrittenBeforeTheChain_VerifiesOkAndKeepsGrowing()
    {
        var root = Directory.CreateTempSubdirectory("portal-upgrade-").FullName;
        var file = Path.Combine(root, "data", "portal.db");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await WriteVersion9DatabaseAsync(file);

        await using var db = await TestDatabase.CreateAsync(root);

        var store = new JournalChainStore(db.Connections);
        var upgraded = await ChainVerifier.VerifyAsync(store, null, CancellationToken.None);
        Assert.True(upgraded.Ok, upgraded.FirstBroken?.Detail);
        Assert.Equal(30, upgraded.RowsChecked);
        await db.Writer.AppendAsync("old-1", EventDraft.Of(new EngineWarning("after the upgrade")));
        var grown = await ChainVerifier.VerifyAsync(store, null, CancellationToken.None);
        Assert.True(grown.Ok, grown.FirstBroken?.Detail);
        Assert.Equal(31, grown.RowsChecked);
        // The chain's own migration step put the append-only trigger back.
        await using var connection = await db.Connections.OpenAsync();
        var error = await Assert.ThrowsAsync<SqliteException>(() => connection.ExecuteAsync("UPDATE journal SET data = '{}' WHERE id = 1"));
        Assert.Contains("append-only", error.Message);
    }

    /// <summary>A database as the portal left it before migration 10: schema 1..9, journal rows without hashes.</summary>
    private static async Task WriteVersion9DatabaseAsync(string file)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Pooling = false, ForeignKeys = true }.ToString());
        await connection.OpenAsync();
        await connection.ExecuteAsync("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
        foreach (var (version, name, sql) in SchemaMigrator.ScriptsFor(StorageProvider.Sqlite).Where(s => s.Version < 10))
        {
            await connection.ExecuteAsync(sql);
            await connection.ExecuteAsync("INSERT INTO schema_version VALUES (@version, @name, 'then')", new { version, name });
        }
        await connection.ExecuteAsync("INSERT INTO templates VALUES ('t', 1, NULL, 'name: t', '2026-01-01T00:00:00.0000000Z', 'old')");
        for (var r = 0; r < 3; r++)
        {
            await connection.ExecuteAsync("INSERT INTO releases VALUES (@id, 't', 1, '1.0.0', '{}', '{}', '2026-01-01T00:00:00.0000000Z', 'old')", new { id = $"old-{r}" });
        }
        for (var i = 0; i < 30; i++)
        {
            await connection.ExecuteAsync(
                "INSERT INTO journal (release_id, seq, at, type, actor, data) VALUES (@release, @seq, '2026-01-01T00:00:00.0000000Z', 'EngineWarning', @actor, @data)",
                new { release = $"old-{i % 3}", seq = i / 3 + 1, actor = i % 2 == 0 ? "old" : null, data = $$"""{"message":"ünïcode {{i}}"}""" });
        }
    }
}
