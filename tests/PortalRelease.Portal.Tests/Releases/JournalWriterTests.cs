using Microsoft.Data.Sqlite;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Portal.Tests.Data;

namespace PortalRelease.Portal.Tests.Releases;

public sealed class JournalWriterTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private static EventDraft Note(string text) => EventDraft.Of(new EngineWarning(text), "test");

    [Fact]
    public async Task AppendAsync_ManyConcurrentAppenders_SeqsContiguousPerRelease()
    {
        string[] ids = ["a", "b", "c"];
        foreach (var id in ids)
        {
            await _db.CreateReleaseAsync(id);
        }
        const int appenders = 16, appendsEach = 25;

        var appends = ids.SelectMany(id => Enumerable.Range(0, appenders).Select(a => Task.Run(async () =>
        {
            var written = new List<JournalEvent>();
            for (var i = 0; i < appendsEach; i++)
            {
                // Alternate single events and small groups; a group must get consecutive numbers.
                var drafts = Enumerable.Range(0, 1 + (i % 3)).Select(j => Note($"{a}/{i}/{j}")).ToArray();
                var result = await _db.Writer.AppendAsync(id, drafts);
                Assert.Equal(drafts.Length, result.Count);
                Assert.Equal(Enumerable.Range(0, drafts.Length).Select(j => result[0].Seq + j), result.Select(e => e.Seq));
                written.AddRange(result);
            }
            return written;
        }))).ToList();
        var results = await Task.WhenAll(appends);

        foreach (var id in ids)
        {
            var stored = await _db.Journal.ReadAsync(id);
            var expected = 1 + (appenders * Enumerable.Range(0, appendsEach).Sum(i => 1 + (i % 3)));
            Assert.Equal(Enumerable.Range(1, expected).Select(i => (long)i), stored.Select(e => e.Seq));
            var returned = results.SelectMany(r => r).Where(e => e.ReleaseId == id).Select(e => e.Seq).Order();
            Assert.Equal(stored.Skip(1).Select(e => e.Seq), returned);
        }
    }

    [Fact]
    public async Task AppendAsync_ExpectedSeqStale_WritesNothingAndSaysWhereTheJournalIs()
    {
        await _db.CreateReleaseAsync("r");
        await _db.Writer.AppendAsync("r", Note("second"));

        var conflict = await Assert.ThrowsAsync<JournalConflictException>(() => _db.Writer.AppendAsync("r", 1, [Note("decided on seq 1")]));

        Assert.Equal((1L, 2L), (conflict.ExpectedSeq, conflict.ActualSeq));
        Assert.Equal(["ReleaseCreated", "EngineWarning"], (await _db.Journal.ReadAsync("r")).Select(e => e.Type));
        var next = await _db.Writer.AppendAsync("r", 2, [Note("decided on seq 2")]);
        Assert.Equal(3, next.Single().Seq);
    }

    [Fact]
    public async Task AppendAsync_ManyDecidersOnOneSeq_ExactlyOneWinsAndTheBatchGoesOn()
    {
        await _db.CreateReleaseAsync("r");
        await _db.CreateReleaseAsync("other");

        // Queued together, so most land in one batch: every decider read seq 1, only the first may append.
        var deciders = Enumerable.Range(0, 30).Select(i => _db.Writer.AppendAsync("r", 1, [Note($"decider {i}")])).ToList();
        var bystander = _db.Writer.AppendAsync("other", Note("unconditional"));
        var outcomes = await Task.WhenAll(deciders.Select(async d =>
        {
            try
            {
                await d;
                return true;
            }
            catch (JournalConflictException)
            {
                return false;
            }
        }));

        Assert.Equal(1, outcomes.Count(won => won));
        Assert.Equal([1L, 2L], (await _db.Journal.ReadAsync("r")).Select(e => e.Seq));
        Assert.Equal(2, (await bystander).Single().Seq);
    }

    [Fact]
    public async Task AppendAsync_BatchWithUnknownRelease_FailsOnlyThatItem()
    {
        await _db.CreateReleaseAsync("good");

        // Queued together so the writer commits them as one batch; the unknown release violates the foreign key.
        var before = Enumerable.Range(0, 50).Select(i => _db.Writer.AppendAsync("good", Note($"before {i}"))).ToList();
        var bad = _db.Writer.AppendAsync("no-such-release", Note("orphan"));
        var after = Enumerable.Range(0, 50).Select(i => _db.Writer.AppendAsync("good", Note($"after {i}"))).ToList();

        var error = await Assert.ThrowsAsync<SqliteException>(() => bad);
        Assert.Contains("FOREIGN KEY", error.Message);
        await Task.WhenAll(before.Concat(after));
        var stored = await _db.Journal.ReadAsync("good");
        Assert.Equal(Enumerable.Range(1, 101).Select(i => (long)i), stored.Select(e => e.Seq));
        Assert.Empty(await _db.Journal.ReadAsync("no-such-release"));
        var next = await _db.Writer.AppendAsync("good", Note("later"));
        Assert.Equal(102, Assert.Single(next).Seq);
    }

    [Fact]
    public async Task CreateReleaseAsync_DuplicateId_FailsAndLeavesTheFirstIntact()
    {
        await _db.CreateReleaseAsync("dup");
        await _db.Writer.AppendAsync("dup", Note("one"));
        var record = new ReleaseRecord("dup", "t", 1, "9.9.9", "{}", "{}", DateTimeOffset.UtcNow, "intruder");

        var duplicate = _db.Writer.CreateReleaseAsync(record, [Note("should not exist")]);
        var alongside = _db.Writer.AppendAsync("dup", Note("two"));

        await Assert.ThrowsAsync<SqliteException>(() => duplicate);
        await alongside;
        var stored = await _db.Journal.ReadAsync("dup");
        Assert.Equal([1L, 2, 3], stored.Select(e => e.Seq));
        Assert.DoesNotContain(stored, e => e.Actor == "intruder" || e.Data.GetRawText().Contains("should not exist"));
        Assert.Equal("1.0.0", (await _db.Releases.GetAsync("dup"))!.Version);
    }

    [Fact]
    public async Task AppendAsync_Committed_PublishesOnTheStreamInOrder()
    {
        await _db.CreateReleaseAsync("s");
        using var subscription = _db.Stream.Subscribe("s");

        var appends = Enumerable.Range(0, 20).Select(i => _db.Writer.AppendAsync("s", Note($"{i}"))).ToList();
        await Task.WhenAll(appends);

        var seen = new List<long>();
        while (seen.Count < 20 && subscription.Reader.TryRead(out var e))
        {
            seen.Add(e.Seq);
        }
        Assert.Equal(Enumerable.Range(2, 20).Select(i => (long)i), seen);
    }

    [Fact]
    public async Task AppendAsync_NewWriterOnExistingJournal_ContinuesTheSequence()
    {
        await _db.CreateReleaseAsync("r");
        await _db.Writer.AppendAsync("r", Note("1"), Note("2"));
        await using var second = new JournalWriter(_db.Connections, new(), TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<JournalWriter>.Instance);

        var written = await second.AppendAsync("r", Note("3"));

        Assert.Equal(4, Assert.Single(written).Seq);
    }
}
