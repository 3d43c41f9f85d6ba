using PortalRelease.Portal.Data;
using PortalRelease.Portal.Tests.Api;

namespace PortalRelease.Portal.Tests.Data.Contract;

/// <summary>The <c>cluster_singletons</c> table: one holder per kind of work, taken over only once its lease ran out.</summary>
public abstract class ClusterSingletonRepositoryContract(PostgresServer? server) : StoreContract(server)
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(5);

    private ClusterSingletonRepository Singletons => new(Database);

    [Fact]
    public async Task Acquire_HeldThenRunOut_TakenOverUnderANewEpochAndTheFormerCannotRenew()
    {
        Assert.Equal(1, await Singletons.TryAcquireAsync("facts", "node-a", TimeSpan.FromMilliseconds(200)));
        Assert.Equal(1, await Singletons.TryAcquireAsync("Facts", "node-b", Long));

        var taken = await Poll.UntilAsync(
            async () => await Singletons.TryAcquireAsync("facts", "node-b", Long) is { } epoch ? (object)epoch : null,
            "node A's singleton lease to run out", TimeSpan.FromSeconds(20));

        Assert.Equal(2L, (long)taken);
        Assert.False(await Singletons.RenewAsync("facts", "node-a", 1, Long));
        Assert.True(await Singletons.RenewAsync("facts", "node-b", 2, Long));
        await Singletons.GiveUpAsync("facts", "node-a", 1);
        Assert.Null(await Singletons.TryAcquireAsync("facts", "node-c", Long));
        await Singletons.GiveUpAsync("facts", "node-b", 2);
        Assert.Equal(3, await Singletons.TryAcquireAsync("facts", "node-c", Long));

        var (now, rows) = await Singletons.ListAsync();
        Assert.Equal(["Facts", "facts"], rows.Select(r => r.Name));
        Assert.Equal(("node-c", 3L), (rows[1].NodeId, rows[1].Epoch));
        Assert.InRange(rows[1].ExpiresAt - now, Long.TotalMilliseconds - 60_000, Long.TotalMilliseconds + 1_000);
    }

    [Fact]
    public async Task Acquire_EightNodesAtOnce_ExactlyOneWins()
    {
        var epochs = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => Singletons.TryAcquireAsync("seeding", $"node-{i}", Long))));

        Assert.Equal(1, Assert.Single(epochs, e => e is not null));
    }
}

public sealed class SqliteClusterSingletonRepositoryContract() : ClusterSingletonRepositoryContract(null);

[Collection(PostgresCollection.Name)]
public sealed class PostgresClusterSingletonRepositoryContract(PostgresServer server) : ClusterSingletonRepositoryContract(server);
