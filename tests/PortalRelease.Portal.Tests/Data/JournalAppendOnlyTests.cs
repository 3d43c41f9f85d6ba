using Dapper;
using Microsoft.Data.Sqlite;
using PortalRelease.Portal.Releases.Journal;

namespace PortalRelease.Portal.Tests.Data;

public sealed class JournalAppendOnlyTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        await _db.CreateReleaseAsync("r");
        await _db.Writer.AppendAsync("r", EventDraft.Of(new EngineWarning("keep me")));
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Theory]
    [InlineData("UPDATE journal SET data = '{}' WHERE release_id = 'r'")]
    [InlineData("UPDATE journal SET seq = seq + 100")]
    [InlineData("DELETE FROM journal WHERE release_id = 'r' AND seq = 2")]
    [InlineData("DELETE FROM journal")]
    [InlineData("REPLACE INTO journal (release_id, seq, at, type, actor, data) VALUES ('r', 2, 'x', 'Forged', NULL, '{}')")]
    [InlineData("INSERT OR REPLACE INTO journal (release_id, seq, at, type, actor, data) VALUES ('r', 1, 'x', 'Forged', NULL, '{}')")]
    public async Task Database_RewritingTheJournal_IsRefusedByTheTriggers(string sql)
    {
        await using var connection = await _db.Connections.OpenAsync();

        var error = await Assert.ThrowsAsync<SqliteException>(() => connection.ExecuteAsync(sql));

        Assert.Contains("append-only", error.Message);
        var stored = await _db.Journal.ReadAsync("r");
        Assert.Equal([1L, 2], stored.Select(e => e.Seq));
        Assert.Equal(["ReleaseCreated", "EngineWarning"], stored.Select(e => e.Type));
        Assert.Equal("keep me", stored[1].Payload<EngineWarning>().Message);
    }

    [Fact]
    public async Task Database_DuplicateSeq_IsRefused()
    {
        await using var connection = await _db.Connections.OpenAsync();

        await Assert.ThrowsAsync<SqliteException>(() => connection.ExecuteAsync(
            "INSERT INTO journal (release_id, seq, at, type, actor, data) VALUES ('r', 2, 'x', 'Forged', NULL, '{}')"));
    }

    [Fact]
    public async Task Database_EventForUnknownRelease_IsRefusedByTheForeignKey()
    {
        await using var connection = await _db.Connections.OpenAsync();

        var error = await Assert.ThrowsAsync<SqliteException>(() => connection.ExecuteAsync(
            "INSERT INTO journal (release_id, seq, at, type, actor, data) VALUES ('ghost', 1, 'x', 'Forged', NULL, '{}')"));

        Assert.Contains("FOREIGN KEY", error.Message);
    }

    [Fact]
    public async Task Migrate_RunTwice_IsIdempotent()
    {
        await new PortalRelease.Portal.Data.SchemaMigrator(_db.Connections, Microsoft.Extensions.Logging.Abstractions.NullLogger<PortalRelease.Portal.Data.SchemaMigrator>.Instance)
            .MigrateAsync(CancellationToken.None);

        await using var connection = await _db.Connections.OpenAsync();
        Assert.Equal(PortalRelease.Portal.Data.SchemaMigrator.ScriptsFor(PortalRelease.Portal.Data.StorageProvider.Sqlite).Count, await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM schema_version"));
        Assert.Equal(2, (await _db.Journal.ReadAsync("r")).Count);
    }
}
