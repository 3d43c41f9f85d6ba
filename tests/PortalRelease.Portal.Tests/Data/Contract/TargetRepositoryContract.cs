using PortalRelease.Portal.Data;

namespace PortalRelease.Portal.Tests.Data.Contract;

/// <summary>The <c>targets</c> table: names are unique and exact, listed in byte order.</summary>
public abstract class TargetRepositoryContract(PostgresServer? server) : StoreContract(server)
{
    private TargetRepository Targets => new(Database);

    private static TargetRecord Target(string name, string settings = "{\"cluster\":\"eu\"}") =>
        new(name, "kubernetes", settings, PreciseLocalTime, "CfDJ8-protected-payload", null) { Environment = "prod", Team = "payments" };

    [Fact]
    public async Task AddUpdateDelete_OneTarget_RoundTripsEveryFieldAndReportsWhatHappened()
    {
        Assert.True(await Targets.AddAsync(Target("k8s-eu")));
        Assert.False(await Targets.AddAsync(Target("k8s-eu", "{\"cluster\":\"taken\"}")));
        var stored = await Targets.GetAsync("k8s-eu");
        Assert.Equal(Target("k8s-eu"), stored);
        Assert.Equal(TimeSpan.Zero, stored!.CreatedAt.Offset);

        var changed = Target("k8s-eu", "{\"cluster\":\"ünï ✓\"}") with { Kind = "sandbox", Secrets = null, UpdatedAt = PreciseLocalTime.AddDays(1), Environment = null, Team = "core" };
        Assert.True(await Targets.UpdateAsync(changed));
        Assert.False(await Targets.UpdateAsync(Target("ghost")));
        Assert.Equal(changed, await Targets.GetAsync("k8s-eu"));

        Assert.True(await Targets.DeleteAsync("k8s-eu"));
        Assert.False(await Targets.DeleteAsync("k8s-eu"));
        Assert.Null(await Targets.GetAsync("k8s-eu"));
    }

    [Fact]
    public async Task NamesAndGetMany_SomeTargetsOfMany_ReadExactlyTheNamedOnesAndEveryName()
    {
        foreach (var name in new[] { "k8s-eu", "K8S-EU", "k8s-us", "sandbox" })
        {
            Assert.True(await Targets.AddAsync(Target(name)));
        }

        var some = await Targets.GetManyAsync(["k8s-eu", "k8s-eu", "sandbox", "ghost", "K8S-US"]);

        Assert.Equal(["k8s-eu", "sandbox"], some.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(Target("k8s-eu"), some["k8s-eu"]);
        Assert.Empty(await Targets.GetManyAsync([]));
        Assert.Equal(["K8S-EU", "k8s-eu", "k8s-us", "sandbox"], (await Targets.ListNamesAsync()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Names_DifferingOnlyInCase_AreDifferentTargetsListedInByteOrder()
    {
        foreach (var name in new[] { "b", "a-b", "K8S-EU", "ab", "k8s-eu" })
        {
            Assert.True(await Targets.AddAsync(Target(name)));
        }

        Assert.Equal(["K8S-EU", "a-b", "ab", "b", "k8s-eu"], (await Targets.ListAsync()).Select(t => t.Name));
        Assert.Null(await Targets.GetAsync("K8s-Eu"));
    }
}

public sealed class SqliteTargetRepositoryContract() : TargetRepositoryContract(null);

[Collection(PostgresCollection.Name)]
public sealed class PostgresTargetRepositoryContract(PostgresServer server) : TargetRepositoryContract(server);
