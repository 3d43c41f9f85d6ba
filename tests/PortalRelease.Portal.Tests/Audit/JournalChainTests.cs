using Dapper;
using PortalRelease.Portal.Audit;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Portal.Tests.Data;

namespace PortalRelease.Portal.Tests.Audit;

public sealed class JournalChainTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        await _db.CreateReleaseAsync("a");
        await _db.CreateReleaseAsync("b");
        for (var i = 0; i < 4; i++)
        {
            await Task.WhenAll(
                _db.Writer.AppendAsync("a", EventDraft.Of(new EngineWarning($"a{i}"), "alice")),
                _db.Writer.AppendAsync("b", EventDraft.Of(new EngineWarning($"b{i}"))));
        }
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private Task<ChainReport> VerifyAsync() => ChainVerifier.VerifyAsync(new JournalChainStore(_db.Connections), null, CancellationToken.None);

    [Fact]
    public async Task Verify_UntouchedJournal_IsOk()
    {
        var report = await VerifyAsync();

        Assert.True(report.Ok, report.FirstBroken?.Detail);
        Assert.Equal(10, report.RowsChecked);
        Assert.Equal(10, report.HeadId);
    }

    [Fact]
    public async Task Verify_RowDataEdited_ReportsContentHashMismatchAtThatRow()
    {
        await Tamper.RunAsync(_db.Paths.DatabaseFile, "UPDATE journal SET data = '{\"message\":\"forged\"}' WHERE id = 6");

        var report = await VerifyAsync();

        Assert.False(report.Ok);
        Assert.Equal(("journal", 6L, ChainProblems.ContentHashMismatch), (report.FirstBroken!.Table, report.FirstBroken.RowId, report.FirstBroken.Problem));
        Assert.NotNull(report.FirstBroken.ReleaseId);
    }

    [Fact]
    public async Task Verify_ActorEdited_ReportsContentHashMismatchAtThatRow()
    {
        await Tamper.RunAsync(_db.Paths.DatabaseFile, "UPDATE journal SET actor = 'mallory' WHERE actor = 'alice' AND id = (SELECT MIN(id) FROM journal WHERE actor = 'alice')");
        await using var connection = await _db.Connections.OpenAsync();
        var edited = await connection.ExecuteScalarAsync<long>("SELECT id FROM journal WHERE actor = 'mallory'");

        var report = await VerifyAsync();

        Assert.Equal((edited, ChainProblems.ContentHashMismatch), (report.FirstBroken!.RowId, report.FirstBroken.Problem));
    }

    [Fact]
    public async Task Verify_RowDeleted_ReportsPrevHashMismatchAtTheRowAfterIt()
    {
        await Tamper.RunAsync(_db.Paths.DatabaseFile, "DELETE FROM journal WHERE id = 4");

        var report = await VerifyAsync();

        Assert.Equal((5L, ChainProblems.PrevHashMismatch), (report.FirstBroken!.RowId, report.FirstBroken.Problem));
        Assert.Equal(9, report.RowsChecked);
    }

    [Fact]
    public async Task Verify_WholeReleaseDeleted_IsDetected()
    {
        await Tamper.RunAsync(_db.Paths.DatabaseFile, "DELETE FROM journal WHERE release_id = 'b'");

        var report = await VerifyAsync();

        Assert.Equal(ChainProblems.PrevHashMismatch, report.FirstBroken!.Problem);
        Assert.Equal("a", report.FirstBroken.ReleaseId);
    }

    [Fact]
    public async Task Verify_TwoRowsSwapped_ReportsPrevHashMismatchAtTheFirst()
    {
        await Tamper.SwapAsync(_db.Paths.DatabaseFile, "journal", 5);

        var report = await VerifyAsync();

        Assert.Equal((5L, ChainProblems.PrevHashMismatch), (report.FirstBroken!.RowId, report.FirstBroken.Problem));
    }

    [Fact]
    public async Task Verify_FirstRowsRemoved_ReportsTheNewFirstRow()
    {
        await Tamper.RunAsync(_db.Paths.DatabaseFile, "DELETE FROM journal WHERE id <= 2");

        var report = await VerifyAsync();

        Assert.Equal((3L, ChainProblems.PrevHashMismatch), (report.FirstBroken!.RowId, report.FirstBroken.Problem));
    }

    [Fact]
    public async Task Append_AfterWriterRestart_ContinuesTheChain()
    {
        await _db.Writer.DisposeAsync();
        await using var writer = new JournalWriter(_db.Connections, _db.Stream, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<JournalWriter>.Instance);

        await writer.AppendAsync("a", EventDraft.Of(new EngineWarning("after restart")));

        var report = await VerifyAsync();
        Assert.True(report.Ok, report.FirstBroken?.Detail);
        Assert.Equal(11, report.RowsChecked);
    }

    [Fact]
    public async Task Append_BatchThatFails_LeavesTheChainWhole()
    {
        // An event for a release that does not exist fails its item; the others in the batch go through.
        var ghost = _db.Writer.AppendAsync("ghost", EventDraft.Of(new EngineWarning("nobody")));
        var real = _db.Writer.AppendAsync("a", EventDraft.Of(new EngineWarning("somebody")));

        await Assert.ThrowsAnyAsync<Exception>(() => ghost);
        await real;
        await _db.Writer.AppendAsync("b", EventDraft.Of(new EngineWarning("later")));

        var report = await VerifyAsync();
        Assert.True(report.Ok, report.FirstBroken?.Detail);
        Assert.Equal(12, report.RowsChecked);
    }

    [Fact]
    public async Task Append_ManyReleasesInLargeBatches_ChainVerifies()
    {
        // Batches well above BatchChain.HelperThreshold: the helper hashes ahead while the writer inserts, and both race.
        var releases = Enumerable.Range(0, 12).Select(i => $"bulk-{i}").ToArray();
        foreach (var release in releases)
        {
            await _db.CreateReleaseAsync(release);
        }
        var drafts = Enumerable.Range(0, 200).Select(i => EventDraft.Of(new EngineWarning($"w{i}"), "engine")).ToArray();

        await Task.WhenAll(releases.Select(async release =>
        {
            for (var call = 0; call < 5; call++)
            {
                await _db.Writer.AppendAsync(release, drafts);
            }
        }));

        var report = await VerifyAsync();
        Assert.True(report.Ok, report.FirstBroken?.Detail);
        Assert.Equal(10 + (12 * 1) + (12 * 5 * 200), report.RowsChecked);
    }

    [Fact]
    public async Task Append_LargeBatchWithAFailingItem_LeavesTheChainWhole()
    {
        var drafts = Enumerable.Range(0, 300).Select(i => EventDraft.Of(new EngineWarning($"w{i}"))).ToArray();
        var ghost = _db.Writer.AppendAsync("ghost", drafts);
        var real = _db.Writer.AppendAsync("a", drafts);
        var other = _db.Writer.AppendAsync("b", drafts);

        await Assert.ThrowsAnyAsync<Exception>(() => ghost);
        await Task.WhenAll(real, other);
        await _db.Writer.AppendAsync("b", drafts);

        var report = await VerifyAsync();
        Assert.True(report.Ok, report.FirstBroken?.Detail);
        Assert.Equal(10 + (3 * 300), report.RowsChecked);
    }
}
