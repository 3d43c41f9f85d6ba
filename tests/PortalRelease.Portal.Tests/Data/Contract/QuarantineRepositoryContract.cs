using PortalRelease.Portal.Data;

namespace PortalRelease.Portal.Tests.Data.Contract;

/// <summary>The append-only <c>quarantine</c> table: a mark or lift is written only when it changes the version's state.</summary>
public abstract class QuarantineRepositoryContract(PostgresServer? server) : StoreContract(server)
{
    private QuarantineRepository Quarantine => new(Database);

    [Fact]
    public async Task AddIfChanges_MarkLiftMark_WritesEachChangeAndRefusesRepeats()
    {
        var (mark, before) = await Quarantine.AddIfChangesAsync("api", "1.2.3", QuarantineRepository.Quarantined, "bad canary", "alice", PreciseLocalTime);
        Assert.Null(before);
        var (again, inTheWay) = await Quarantine.AddIfChangesAsync("api", "1.2.3", QuarantineRepository.Quarantined, "twice", "bob", PreciseLocalTime);
        Assert.Null(again);
        Assert.Equal(mark!.Id, inTheWay!.Id);
        var (lift, _) = await Quarantine.AddIfChangesAsync("api", "1.2.3", QuarantineRepository.Lifted, "fixed", "bob", PreciseLocalTime.AddMinutes(1));
        Assert.Null((await Quarantine.AddIfChangesAsync("api", "1.2.3", QuarantineRepository.Lifted, "twice", "bob", PreciseLocalTime)).Added);
        Assert.Null((await Quarantine.AddIfChangesAsync("api", "9.9.9", QuarantineRepository.Lifted, "never marked", "bob", PreciseLocalTime)).Added);
        await Quarantine.AddIfChangesAsync("api", "1.2.3", QuarantineRepository.Quarantined, "bad again", "carol", PreciseLocalTime.AddMinutes(2));

        var history = await Quarantine.HistoryAsync();
        Assert.Equal(["bad canary", "fixed", "bad again"], history.Select(h => h.Reason));
        Assert.True(history[0].Id < history[1].Id && history[1].Id < history[2].Id);
        Assert.Equal((lift!.Id, "lifted", "bob"), (history[1].Id, history[1].Action, history[1].Actor));
        Assert.Equal((PreciseLocalTime, TimeSpan.Zero), (history[0].At, history[0].At.Offset));
        var latest = await Quarantine.LatestAsync("api", "1.2.3");
        Assert.True(latest!.IsQuarantined);
        Assert.Equal("carol", latest.Actor);
    }

    [Fact]
    public async Task Latest_KeysDifferOnlyInCase_AreDifferentVersions()
    {
        await Quarantine.AddIfChangesAsync("api", "1.0.0-RC1", QuarantineRepository.Quarantined, "bad", "alice", PreciseLocalTime);

        Assert.Null(await Quarantine.LatestAsync("api", "1.0.0-rc1"));
        Assert.Null(await Quarantine.LatestAsync("API", "1.0.0-RC1"));
        Assert.NotNull(await Quarantine.LatestAsync("api", "1.0.0-RC1"));
    }

    [Fact]
    public async Task AddIfChanges_SixteenMarksAtOnce_WritesOne()
    {
        var marks = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() =>
            Quarantine.AddIfChangesAsync("api", "2.0.0", QuarantineRepository.Quarantined, $"mark {i}", "alice", PreciseLocalTime))));

        Assert.Single(marks, m => m.Added is not null);
        Assert.Single(await Quarantine.HistoryAsync());
    }

    [Theory]
    [InlineData("UPDATE quarantine SET action = 'lifted'")]
    [InlineData("DELETE FROM quarantine")]
    public async Task Quarantine_UpdateOrDelete_IsRefusedAndChangesNothing(string sql)
    {
        await Quarantine.AddIfChangesAsync("api", "1.2.3", QuarantineRepository.Quarantined, "bad", "alice", PreciseLocalTime);

        await AssertAppendOnlyRefusedAsync(sql);

        Assert.True((await Quarantine.LatestAsync("api", "1.2.3"))!.IsQuarantined);
    }
}

public sealed class SqliteQuarantineRepositoryContract() : QuarantineRepositoryContract(null);

[Collection(PostgresCollection.Name)]
public sealed class PostgresQuarantineRepositoryContract(PostgresServer server) : QuarantineRepositoryContract(server);
