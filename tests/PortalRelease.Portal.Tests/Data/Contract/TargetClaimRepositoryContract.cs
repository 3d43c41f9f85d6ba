using PortalRelease.Portal.Data;
using PortalRelease.Portal.Releases.Journal;

namespace PortalRelease.Portal.Tests.Data.Contract;

/// <summary>
/// The <c>target_claims</c> table: one release at a time per target, first created first served (ties by id, in byte
/// order), decided in the journal append's transaction.
/// </summary>
public abstract class TargetClaimRepositoryContract(PostgresServer? server) : StoreContract(server)
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private TargetClaimRepository Claims => new(Database);

    private async Task CreateAsync(string id, DateTimeOffset createdAt, params string[] targets)
    {
        await new TemplateRepository(Database).SaveAsync("t", null, "name: t", "test", T0);
        await Writer.CreateReleaseAsync(
            new ReleaseRecord(id, "t", 1, "1.0.0", "{}", "{}", createdAt, "test"),
            [EventDraft.Of(new EngineWarning("created"))], targets: targets);
    }

    private Task<ClaimDecision> DecideAsync(string id) => Writer.AppendClaimDecisionAsync(id, null, _ => [EventDraft.Of(new EngineWarning("decided"))]);

    [Fact]
    public async Task Decide_OverlappingReleases_OldestTakesItsTargetsOthersWaitBehindTheFirstInTheirWay()
    {
        await CreateAsync("r2", T0.AddMinutes(1), "b", "c");
        await CreateAsync("r1", T0, "a", "b");
        await CreateAsync("r3", T0.AddMinutes(2), "c");

        Assert.Equal(new ClaimDecision(false, "r1", "b"), await DecideAsync("r2"));
        Assert.Equal(new ClaimDecision(false, "r2", "c"), await DecideAsync("r3"));
        Assert.Equal(new ClaimDecision(true, null, null), await DecideAsync("r1"));
        Assert.Equal(new ClaimDecision(true, null, null, AlreadyHeld: true), await DecideAsync("r1"));

        var queues = await Claims.ListAsync();
        Assert.Equal(["a", "b", "c"], queues.Select(q => q.Target));
        Assert.Equal([("r1", Array.Empty<string>()), ("r1", ["r2"]), (null, ["r2", "r3"])], queues.Select(q => (q.Holder, q.Waiting.ToArray())));

        Assert.Equal(["r2"], await Claims.FreeAsync("r1", ["a", "b"]));
        Assert.Equal(new ClaimDecision(true, null, null), await DecideAsync("r2"));
        Assert.Equal(new ClaimDecision(false, "r2", "c"), await DecideAsync("r3"));
        Assert.Equal(["r3"], await Claims.FreeAsync("r2", ["b", "c"]));
        Assert.Empty(await Claims.FreeAsync("ghost", ["z"]));
    }

    [Fact]
    public async Task Free_ClaimsAlreadyDropped_StillNamesWhoWaitsOnItsTargets()
    {
        await CreateAsync("holder", T0, "a", "b");
        await CreateAsync("waiter", T0.AddMinutes(1), "a");
        await CreateAsync("other", T0.AddMinutes(2), "c");
        Assert.True((await DecideAsync("holder")).Granted);
        Assert.Equal(new ClaimDecision(false, "holder", "a"), await DecideAsync("waiter"));

        // A line found the holder's claims left over and dropped them: who waited on its rows is named.
        Assert.Equal(["waiter"], await Claims.FreeAsync("holder", []));
        Assert.Equal(["a", "c"], (await Claims.ListAsync()).Select(q => q.Target));

        // The holder's node frees after all: by target, it still learns who waited.
        Assert.Equal(["waiter"], await Claims.FreeAsync("holder", ["a", "b"]));
        Assert.True((await DecideAsync("waiter")).Granted);
    }

    [Fact]
    public async Task Decide_SameCreationTime_TheIdFirstInByteOrderGoesFirst()
    {
        await CreateAsync("a-rel", T0, "t");
        await CreateAsync("B-rel", T0, "t");
        await CreateAsync("ab-rel", T0, "t");

        Assert.Equal(new ClaimDecision(false, "B-rel", "t"), await DecideAsync("a-rel"));
        Assert.Equal(new ClaimDecision(false, "B-rel", "t"), await DecideAsync("ab-rel"));
        Assert.True((await DecideAsync("B-rel")).Granted);
        Assert.Equal(["a-rel", "ab-rel"], Assert.Single(await Claims.ListAsync()).Waiting);
    }

    [Fact]
    public async Task Claim_AgainWithHolds_MarksTheHoldWithoutDuplicatingTheLine()
    {
        await CreateAsync("r1", T0, "a");
        await CreateAsync("r2", T0.AddMinutes(1), "a");

        // What a restart rebuilding claims from the journal does: r2's journal says it holds.
        await Claims.ClaimAsync("r2", T0.AddMinutes(1), ["a", "a"], holds: true);
        await Claims.ClaimAsync("r2", T0.AddMinutes(1), ["a"], holds: false);

        var queue = Assert.Single(await Claims.ListAsync());
        Assert.Equal("r2", queue.Holder);
        Assert.Equal(["r1"], queue.Waiting);
        Assert.Equal(new ClaimDecision(false, "r2", "a"), await DecideAsync("r1"));
    }
}

public sealed class SqliteTargetClaimRepositoryContract() : TargetClaimRepositoryContract(null);

[Collection(PostgresCollection.Name)]
public sealed class PostgresTargetClaimRepositoryContract(PostgresServer server) : TargetClaimRepositoryContract(server);
