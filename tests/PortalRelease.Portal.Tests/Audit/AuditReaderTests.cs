using PortalRelease.Portal.Audit;

namespace PortalRelease.Portal.Tests.Audit;

/// <summary>The one reader of the audit log, on a real SQLite file: each filter, keyset paging at its edges, the export.</summary>
public sealed class AuditReaderTests : IAsyncLifetime
{
    private AuditStore _store = null!;

    public async Task InitializeAsync() => _store = await AuditStore.CreateAsync();

    public async Task DisposeAsync() => await _store.DisposeAsync();

    private async Task<List<long>> IdsAsync(AuditFilter filter, int limit = 100) =>
        (await _store.Reader().ListAsync(filter, null, limit)).Entries.Select(e => e.Id).ToList();

    [Fact]
    public async Task ListAsync_SevenEntriesInPagesOfThree_NewestFirstAndTheLastPageSaysSo()
    {
        for (var i = 0; i < 7; i++)
        {
            await _store.AppendAsync(i);
        }
        var reader = _store.Reader();

        var first = await reader.ListAsync(AuditFilter.All, null, 3);
        var second = await reader.ListAsync(AuditFilter.All, first.Next, 3);
        var last = await reader.ListAsync(AuditFilter.All, second.Next, 3);

        Assert.Equal([7L, 6, 5], first.Entries.Select(e => e.Id));
        Assert.Equal(5L, first.Next);
        Assert.Equal([4L, 3, 2], second.Entries.Select(e => e.Id));
        Assert.Equal(2L, second.Next);
        Assert.Equal([1L], last.Entries.Select(e => e.Id));
        Assert.Null(last.Next);
    }

    [Fact]
    public async Task ListAsync_ExactlyAPageLeft_HasNoNextPage()
    {
        for (var i = 0; i < 6; i++)
        {
            await _store.AppendAsync(i);
        }
        var reader = _store.Reader();

        var first = await reader.ListAsync(AuditFilter.All, null, 3);
        var second = await reader.ListAsync(AuditFilter.All, first.Next, 3);

        Assert.Equal(3, second.Entries.Count);
        Assert.Null(second.Next);
        Assert.Empty((await reader.ListAsync(AuditFilter.All, 1, 3)).Entries);
    }

    [Fact]
    public async Task ListAsync_ActorExactOrPrefix_MatchesIdOrDisplayName()
    {
        await _store.AppendAsync(0, actorId: "alice", actorName: "Alice Liddell");
        await _store.AppendAsync(1, actorId: "alfred");
        await _store.AppendAsync(2, actorId: "u-17", actorName: "alice");
        await _store.AppendAsync(3, actorId: "bob");

        Assert.Equal([3L, 1], await IdsAsync(new AuditFilter { Actor = AuditMatch.Exact("alice") }));
        Assert.Equal([3L, 2, 1], await IdsAsync(new AuditFilter { Actor = AuditMatch.Prefix("al") }));
        Assert.Equal([1L], await IdsAsync(new AuditFilter { Actor = AuditMatch.Prefix("Alice L") }));
        Assert.Empty(await IdsAsync(new AuditFilter { Actor = AuditMatch.Exact("ALICE") }));
    }

    [Fact]
    public async Task ListAsync_ActionFamilyPrefixOrExact_SelectsThoseActions()
    {
        await _store.AppendAsync(0, action: "target.create");
        await _store.AppendAsync(1, action: "target.delete");
        await _store.AppendAsync(2, action: "targets.sync");
        await _store.AppendAsync(3, action: "template.import");
        await _store.AppendAsync(4, action: "target");

        Assert.Equal([5L, 2, 1], await IdsAsync(new AuditFilter { Action = new AuditMatch("target", AuditMatchKind.Family) }));
        Assert.Equal([2L, 1], await IdsAsync(new AuditFilter { Action = AuditMatch.Prefix("target.") }));
        Assert.Equal([5L, 4, 3, 2, 1], await IdsAsync(new AuditFilter { Action = AuditMatch.Prefix("t") }));
        Assert.Equal([2L], await IdsAsync(new AuditFilter { Action = AuditMatch.Exact("target.delete") }));
    }

    [Fact]
    public async Task ListAsync_ResourceKindIdOrBoth_SelectsThatResource()
    {
        await _store.AppendAsync(0, kind: "target", id: "k8s-eu");
        await _store.AppendAsync(1, kind: "target", id: "k8s-us");
        await _store.AppendAsync(2, kind: "template", id: "k8s-eu");

        Assert.Equal([2L, 1], await IdsAsync(new AuditFilter { ResourceKind = "target" }));
        Assert.Equal([3L, 1], await IdsAsync(new AuditFilter { ResourceId = "k8s-eu" }));
        Assert.Equal([1L], await IdsAsync(new AuditFilter { ResourceKind = "target", ResourceId = "k8s-eu" }));
    }

    [Fact]
    public async Task ListAsync_TimeRange_FromIsInclusiveToIsExclusive()
    {
        for (var minute = 0; minute < 5; minute++)
        {
            await _store.AppendAsync(minute);
        }

        var ids = await IdsAsync(new AuditFilter { From = AuditStore.T0.AddMinutes(1), To = AuditStore.T0.AddMinutes(3) });

        Assert.Equal([3L, 2], ids);
    }

    [Fact]
    public async Task ListAsync_OutcomeAndOtherFilters_AllMustHoldAndPagingStaysInsideTheFilter()
    {
        for (var i = 0; i < 10; i++)
        {
            await _store.AppendAsync(i, actorId: i % 2 == 0 ? "alice" : "bob", action: "auth.sign-in", kind: "account", outcome: i % 3 == 0 ? "refused" : "ok");
        }
        var filter = new AuditFilter { Actor = AuditMatch.Exact("alice"), Outcome = "ok" };
        var reader = _store.Reader();

        var first = await reader.ListAsync(filter, null, 2);
        var second = await reader.ListAsync(filter, first.Next, 2);

        // alice is rows 1,3,5,7,9 (i even); refused are i = 0,3,6,9: alice's ok rows are i = 2,4,8, ids 3,5,9.
        Assert.Equal([9L, 5], first.Entries.Select(e => e.Id));
        Assert.Equal([3L], second.Entries.Select(e => e.Id));
        Assert.Null(second.Next);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(501)]
    public async Task ListAsync_PageSizeOutOfBounds_IsRefused(int limit)
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _store.Reader().ListAsync(AuditFilter.All, null, limit));
    }

    [Fact]
    public async Task Export_MoreThanABatch_IsEveryMatchOldestFirst()
    {
        for (var i = 0; i < AuditReader.ExportBatch + 7; i++)
        {
            await _store.AppendAsync(i, actorId: i % 2 == 0 ? "alice" : "bob");
        }

        var alice = await (await _store.Reader().ExportAsync(new AuditFilter { Actor = AuditMatch.Exact("alice") })).ToListAsync();

        Assert.Equal(Enumerable.Range(0, (AuditReader.ExportBatch + 8) / 2).Select(i => 1L + (2 * i)), alice.Select(e => e.Id));
    }

    [Fact]
    public async Task Export_EntriesAppendedWhileExporting_AreLeftForTheNextExport()
    {
        for (var i = 0; i < AuditReader.ExportBatch + 1; i++)
        {
            await _store.AppendAsync(i);
        }
        var seen = 0;

        await foreach (var _ in await _store.Reader().ExportAsync(AuditFilter.All))
        {
            if (++seen == 1)
            {
                await _store.AppendAsync(10_000);
            }
        }

        Assert.Equal(AuditReader.ExportBatch + 1, seen);
    }
}
