using PortalRelease.Portal.Cluster;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Portal.Tests.Api;

namespace PortalRelease.Portal.Tests.Data.Contract;

/// <summary>
/// The <c>release_leases</c> table: acquire, renew, take over after expiry, hand back, and the epoch that fences a
/// former holder out of the journal.
/// </summary>
public abstract class ReleaseLeaseRepositoryContract(PostgresServer? server) : StoreContract(server)
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(5);

    private ReleaseLeaseRepository Leases => new(Database);

    [Fact]
    public async Task Acquire_HeldLease_OnlyTheHolderRenewsAndAnotherNodeGetsNothing()
    {
        await CreateReleaseAsync("r1");

        var epoch = await Leases.TryAcquireAsync("r1", "node-a", Long);
        Assert.Equal(1, epoch);
        Assert.Null(await Leases.TryAcquireAsync("r1", "node-b", Long));
        Assert.Null(await Leases.TryAcquireAsync("r1", "node-a", Long));

        Assert.Equal(new Dictionary<string, long> { ["r1"] = 1 }, await Leases.RenewAsync("node-a", ["r1", "ghost"], Long));
        Assert.Empty(await Leases.RenewAsync("node-b", ["r1"], Long));
        Assert.Empty(await Leases.RenewAsync("node-a", [], Long));
        Assert.Empty(await Leases.ListAdoptableAsync(10));

        var (now, rows) = await Leases.ListAsync();
        var row = Assert.Single(rows);
        Assert.Equal(("r1", "node-a", 1L), (row.ReleaseId, row.NodeId, row.Epoch));
        // Database clock in ms since the epoch: beyond 32 bits, and the lease runs out about Long from now.
        Assert.True(now > int.MaxValue);
        Assert.InRange(row.ExpiresAt - now, Long.TotalMilliseconds - 60_000, Long.TotalMilliseconds + 1_000);
    }

    [Fact]
    public async Task Acquire_AfterTheLeaseRanOut_AnotherNodeTakesItUnderANewEpochAndTheFormerIsFenced()
    {
        await CreateReleaseAsync("r1");
        var first = (await Leases.TryAcquireAsync("r1", "node-a", TimeSpan.FromMilliseconds(200)))!.Value;
        await Writer.AppendAsync("r1", new LeaseFence("node-a", first), [EventDraft.Of(new EngineWarning("while held"))]);

        var second = await Poll.UntilAsync(
            async () => await Leases.TryAcquireAsync("r1", "node-b", Long) is { } taken ? (object)taken : null,
            "node A's lease to run out and node B to take it", TimeSpan.FromSeconds(20));

        Assert.Equal(first + 1, (long)second);
        Assert.Empty(await Leases.RenewAsync("node-a", ["r1"], Long));
        var lost = await Assert.ThrowsAsync<LeaseLostException>(() => Writer.AppendAsync("r1", new LeaseFence("node-a", first), [EventDraft.Of(new EngineWarning("zombie"))]));
        Assert.Equal("r1", lost.ReleaseId);
        await Writer.AppendAsync("r1", new LeaseFence("node-b", (long)second), [EventDraft.Of(new EngineWarning("new holder"))]);
        Assert.Equal(["ReleaseCreated", "while held", "new holder"], (await new JournalRepository(Database).ReadAsync("r1"))
            .Select(e => e.Type == "EngineWarning" ? e.Payload<EngineWarning>().Message : e.Type));
        // The former holder cannot hand back or delete what it no longer holds.
        await Leases.GiveUpAsync("r1", "node-a", first);
        await Leases.DeleteAsync("r1", "node-a", first);
        Assert.Equal("node-b", Assert.Single((await Leases.ListAsync()).Leases).NodeId);
    }

    [Fact]
    public async Task GiveUp_ByTheHolder_IsAdoptableAtOnceAndDeleteRemovesIt()
    {
        await CreateReleaseAsync("r1");
        await CreateReleaseAsync("r2");
        await Leases.EnsureAsync(["r2", "r1"]);
        await Leases.EnsureAsync(["r1"]);
        Assert.Equal(["r1", "r2"], await Leases.ListAdoptableAsync(10));
        Assert.Equal(["r1"], await Leases.ListAdoptableAsync(1));

        var epoch = (await Leases.TryAcquireAsync("r1", "node-a", Long))!.Value;
        Assert.Equal(["r2"], await Leases.ListAdoptableAsync(10));
        await Leases.GiveUpAsync("r1", "node-a", epoch);
        Assert.Contains("r1", await Leases.ListAdoptableAsync(10));
        Assert.Equal(epoch + 1, await Leases.TryAcquireAsync("r1", "node-b", Long));

        await Leases.DeleteAsync("r1", "node-b", epoch + 1);
        Assert.Equal(["r2"], (await Leases.ListAsync()).Leases.Select(l => l.ReleaseId));
        // A settled release with work again gets a lease again.
        Assert.Equal(1, await Leases.TryAcquireAsync("r1", "node-a", Long));
    }

    [Fact]
    public async Task Acquire_EightNodesAtOnce_ExactlyOneWins()
    {
        await CreateReleaseAsync("r1");

        var epochs = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => Leases.TryAcquireAsync("r1", $"node-{i}", Long))));

        Assert.Equal(1, Assert.Single(epochs, e => e is not null));
    }

    [Fact]
    public async Task LastSeqs_SeveralReleases_NewestSequenceOfEach()
    {
        await CreateReleaseAsync("r1", null, new EngineWarning("a"), new EngineWarning("b"));
        await CreateReleaseAsync("r2");

        Assert.Equal(new Dictionary<string, long> { ["r1"] = 3, ["r2"] = 1 }, await Leases.LastSeqsAsync(["r1", "r2", "ghost"]));
        Assert.Empty(await Leases.LastSeqsAsync([]));
    }
}

public sealed class SqliteReleaseLeaseRepositoryContract() : ReleaseLeaseRepositoryContract(null);

[Collection(PostgresCollection.Name)]
public sealed class PostgresReleaseLeaseRepositoryContract(PostgresServer server) : ReleaseLeaseRepositoryContract(server);
