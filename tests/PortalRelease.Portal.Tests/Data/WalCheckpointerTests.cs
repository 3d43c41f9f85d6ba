using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Health;
using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Portal.Tests.Api;

namespace PortalRelease.Portal.Tests.Data;

public sealed class WalCheckpointerTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task Commits_NeverCheckpointThemselves_SoCommittedEventsStayInTheWalUntilTheCheckpointer()
    {
        await _db.CreateReleaseAsync("r");
        await _db.Writer.AppendAsync("r", Warnings(2000));

        // Only the WAL holds them: the database file alone does not (the WAL is replayed on the next open, so
        // nothing is lost; the point is that no commit paid for copying pages).
        Assert.Equal(0, await CountEventsInDatabaseFileAloneAsync());
        Assert.Equal(2001, (await _db.Journal.ReadAsync("r")).Count);
    }

    [Fact]
    public async Task Checkpointer_MovesCommittedEventsIntoTheDatabaseFile_WithoutAnyCommitDoingIt()
    {
        await _db.CreateReleaseAsync("r");
        await _db.Writer.AppendAsync("r", Warnings(2000));
        using var checkpointer = new WalCheckpointer(_db.Connections, new BackgroundServiceHealth(TimeProvider.System), TimeProvider.System, NullLogger<WalCheckpointer>.Instance);

        await checkpointer.StartAsync(CancellationToken.None);
        await Poll.UntilAsync(() => Task.FromResult(checkpointer.Checkpoints >= 1), "a checkpoint");
        await checkpointer.StopAsync(CancellationToken.None);

        Assert.Equal(2001, await CountEventsInDatabaseFileAloneAsync());
    }

    /// <summary>About 6 MB: well past SQLite's default checkpoint threshold of 1,000 pages (4 MB).</summary>
    private static EventDraft[] Warnings(int count) =>
        Enumerable.Range(1, count).Select(i => EventDraft.Of(new EngineWarning($"warning {i} " + new string('x', 3000)))).ToArray();

    /// <summary>Copies the database file without its WAL and counts the journal rows that copy holds.</summary>
    private async Task<long> CountEventsInDatabaseFileAloneAsync()
    {
        var copy = Path.Combine(_db.Root, "copy-" + Guid.NewGuid().ToString("N") + ".db");
        File.Copy(_db.Paths.DatabaseFile, copy);
        await using var connection = new SqliteConnection($"Data Source={copy};Pooling=False");
        await connection.OpenAsync();
        var hasJournal = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM sqlite_master WHERE name = 'journal'") > 0;
        return hasJournal ? await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM journal") : 0;
    }
}
