using System.Data.Common;
using System.Text.Json;
using Dapper;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Releases;
using PortalRelease.Portal.Releases.Journal;

namespace PortalRelease.Portal.Tests.Data.Contract;

/// <summary>
/// The journal (<see cref="JournalRepository"/> reading what <see cref="JournalWriter"/> appends through each provider's
/// <see cref="JournalAppender"/>): order, the expected-sequence check, the database's own refusals.
/// </summary>
public abstract class JournalContract(PostgresServer? server) : StoreContract(server)
{
    private JournalRepository Journal => new(Database);

    [Fact]
    public async Task Append_SeveralEvents_ReadBackInOrderWithEveryFieldAndUtcTimes()
    {
        await CreateReleaseAsync("r1");
        await Writer.AppendAsync("r1",
            new EventDraft("EngineWarning", "alice", JsonSerializer.SerializeToElement(new EngineWarning("ünïcode ✓ \"quoted\"")), PreciseLocalTime, "Alice A."),
            EventDraft.Of(new EngineWarning("second")));

        var events = await Journal.ReadAsync("r1");

        Assert.Equal([1L, 2, 3], events.Select(e => e.Seq));
        Assert.Equal(["ReleaseCreated", "EngineWarning", "EngineWarning"], events.Select(e => e.Type));
        var imported = events[1];
        Assert.Equal(("alice", "Alice A.", "ünïcode ✓ \"quoted\""), (imported.Actor, imported.ActorName, imported.Payload<EngineWarning>().Message));
        Assert.Equal(PreciseLocalTime, imported.At);
        Assert.Equal(TimeSpan.Zero, imported.At.Offset);
        Assert.Null(events[2].Actor);
        Assert.Equal([3L], (await Journal.ReadAsync("r1", afterSeq: 2)).Select(e => e.Seq));
        Assert.Empty(await Journal.ReadAsync("ghost"));
    }

    [Fact]
    public async Task Append_ExpectedSeqStale_ThrowsConflictAndWritesNothing()
    {
        await CreateReleaseAsync("r1");
        await Writer.AppendAsync("r1", EventDraft.Of(new EngineWarning("by another node")));

        var conflict = await Assert.ThrowsAsync<JournalConflictException>(() => Writer.AppendAsync("r1", 1, [EventDraft.Of(new EngineWarning("stale"))]));

        Assert.Equal((1L, 2L), (conflict.ExpectedSeq, conflict.ActualSeq));
        Assert.Equal([1L, 2], (await Journal.ReadAsync("r1")).Select(e => e.Seq));
        var written = await Writer.AppendAsync("r1", 2, [EventDraft.Of(new EngineWarning("fresh"))]);
        Assert.Equal(3, Assert.Single(written).Seq);
    }

    [Fact]
    public async Task Append_ManyAtOnceWithTheSameExpectedSeq_ExactlyOneWins()
    {
        await CreateReleaseAsync("r1");

        var attempts = Enumerable.Range(0, 8).Select(i => Writer.AppendAsync("r1", 1, [EventDraft.Of(new EngineWarning($"try {i}"))])).ToList();
        var outcomes = await Task.WhenAll(attempts.Select(async a =>
        {
            try
            {
                await a;
                return true;
            }
            catch (JournalConflictException)
            {
                return false;
            }
        }));

        Assert.Single(outcomes, won => won);
        Assert.Equal([1L, 2], (await Journal.ReadAsync("r1")).Select(e => e.Seq));
    }

    [Theory]
    [InlineData("UPDATE journal SET data = '{}' WHERE release_id = 'r1'")]
    [InlineData("UPDATE journal SET seq = seq + 100")]
    [InlineData("DELETE FROM journal WHERE release_id = 'r1' AND seq = 2")]
    [InlineData("DELETE FROM journal")]
    public async Task Journal_UpdateOrDelete_IsRefusedAndChangesNothing(string sql)
    {
        await CreateReleaseAsync("r1", null, new EngineWarning("keep me"));

        await AssertAppendOnlyRefusedAsync(sql);

        var stored = await Journal.ReadAsync("r1");
        Assert.Equal([1L, 2], stored.Select(e => e.Seq));
        Assert.Equal("keep me", stored[1].Payload<EngineWarning>().Message);
    }

    [Fact]
    public async Task Journal_ProvidersOwnWayToRewrite_IsRefused()
    {
        await CreateReleaseAsync("r1", null, new EngineWarning("keep me"));

        // SQLite's REPLACE deletes the row in the way; PostgreSQL's TRUNCATE fires no row trigger.
        await AssertAppendOnlyRefusedAsync(OnPostgres
            ? "TRUNCATE journal"
            : "INSERT OR REPLACE INTO journal (release_id, seq, at, type, actor, data) VALUES ('r1', 2, 'x', 'Forged', NULL, '{}')");

        Assert.Equal("keep me", (await Journal.ReadAsync("r1"))[1].Payload<EngineWarning>().Message);
    }

    [Fact]
    public async Task Journal_DuplicateSeqOrUnknownRelease_IsRefused()
    {
        await CreateReleaseAsync("r1");
        await using var connection = await Database.OpenAsync();

        var duplicate = await Assert.ThrowsAnyAsync<DbException>(() => connection.ExecuteAsync(
            "INSERT INTO journal (release_id, seq, at, type, actor, data) VALUES ('r1', 1, 'x', 'Forged', NULL, '{}')"));
        // Refused on both; SQLite's guard against REPLACE speaks first there (append-only), PostgreSQL's key here (unique).
        Assert.True(Database.Dialect.IsUniqueViolation(duplicate) || Database.Dialect.IsAppendOnlyViolation(duplicate), duplicate.Message);
        var unknown = await Assert.ThrowsAnyAsync<DbException>(() => connection.ExecuteAsync(
            "INSERT INTO journal (release_id, seq, at, type, actor, data) VALUES ('ghost', 1, 'x', 'Forged', NULL, '{}')"));
        Assert.Contains("foreign key", unknown.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(await Journal.ReadAsync("ghost"));
    }

    [Fact]
    public async Task ReadMany_SeveralReleases_GroupsEachInOrderWithoutSamples()
    {
        await CreateReleaseAsync("r1", null, new EngineWarning("a"));
        await CreateReleaseAsync("r2");
        await Writer.AppendAsync("r1", new EventDraft("MetricsSampled", "engine", JsonSerializer.SerializeToElement(new { value = 1 })), EventDraft.Of(new EngineWarning("b")));

        var many = await Journal.ReadManyAsync(["r1", "r2", "ghost"]);

        Assert.Equal(["r1", "r2"], many.Keys.Order(StringComparer.Ordinal));
        Assert.Equal([1L, 2, 4], many["r1"].Select(e => e.Seq));
        Assert.Equal([1L], many["r2"].Select(e => e.Seq));
        Assert.Empty(await Journal.ReadManyAsync([]));
    }

    [Fact]
    public async Task ReadAfter_FromACursor_ReturnsCommitOrderByTypeUpToTheLimit()
    {
        await CreateReleaseAsync("r1");
        await CreateReleaseAsync("r2", null, new StateChanged(Lifecycle.Proposed, Lifecycle.Validated, null));
        await Writer.AppendAsync("r1", Draft(new StateChanged(Lifecycle.Proposed, Lifecycle.Failed, "x")));

        var all = await Journal.ReadAfterAsync(0, 100);
        Assert.Equal([("r1", 1L), ("r2", 1), ("r2", 2), ("r1", 2)], all.Select(e => (e.Event.ReleaseId, e.Event.Seq)));
        Assert.True(all.Select(e => e.RowId).SequenceEqual(all.Select(e => e.RowId).Order()));
        Assert.Equal(all[^1].RowId, await Journal.LastRowIdAsync());
        Assert.Equal(all[2].RowId, await Journal.RowIdAsync("r2", 2));
        Assert.Equal(0, await Journal.RowIdAsync("r2", 9));

        var changes = await Journal.ReadAfterAsync(all[0].RowId, ["StateChanged"], 1);
        Assert.Equal(("r2", 2L), (Assert.Single(changes).Event.ReleaseId, changes[0].Event.Seq));
        Assert.Empty(await Journal.ReadAfterAsync(all[^1].RowId, 100));
    }

    [Fact]
    public async Task LastRowId_EmptyJournal_IsZero() => Assert.Equal(0, await Journal.LastRowIdAsync());
}

public sealed class SqliteJournalContract() : JournalContract(null);

[Collection(PostgresCollection.Name)]
public sealed class PostgresJournalContract(PostgresServer server) : JournalContract(server);
