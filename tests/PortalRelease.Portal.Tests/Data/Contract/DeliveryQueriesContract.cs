using PortalRelease.Portal.Dashboards;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Releases.Journal;

namespace PortalRelease.Portal.Tests.Data.Contract;

/// <summary>
/// The delivery dashboard's reads of <c>release_facts</c> (<see cref="DeliveryQueries"/>, with the tallies of
/// <c>DeliveryTallyQueries</c>) and the on-call view's journal read (<see cref="OnCallQueries"/>).
/// </summary>
public abstract class DeliveryQueriesContract(PostgresServer? server) : StoreContract(server)
{
    private static readonly DateTimeOffset D0 = new(2026, 11, 2, 0, 0, 0, TimeSpan.Zero);

    private DeliveryQueries Queries => new(Database);

    private static readonly DeliveryFilter All = new(null, null, new DeliveryPeriod("custom", D0.AddDays(-1), D0.AddDays(10)));

    // f1 and f3 promoted (f3 fixes the failed f2), f4 still open; teams differ in case and punctuation.
    private async Task SeedAsync()
    {
        var f1 = Fact("f1", "core", "api", D0.AddHours(1));
        (f1.CommitAt, f1.PromotedAt, f1.SettledAt) = (D0, D0.AddHours(2), D0.AddHours(2));
        var f2 = Fact("f2", "Core-eu", "web", D0.AddDays(1));
        (f2.Failed, f2.FailedAt, f2.SettledAt, f2.State) = (true, D0.AddDays(1).AddHours(1), D0.AddDays(1).AddHours(1), "Failed");
        var f3 = Fact("f3", "payments", "web", D0.AddDays(3));
        (f3.CommitAt, f3.PromotedAt, f3.SettledAt, f3.Fixes) = (D0.AddDays(2), D0.AddDays(3).AddHours(1), D0.AddDays(3).AddHours(1), "f2");
        var f4 = Fact("f4", "payments", "api", D0.AddDays(5));
        f4.State = "Deploying";
        foreach (var fact in new[] { f1, f2, f3, f4 })
        {
            await CreateReleaseAsync(fact.ReleaseId);
        }
        await using var connection = await Database.OpenAsync();
        await ReleaseFactsRepository.UpsertAsync(connection, [f1, f2, f3, f4], CancellationToken.None);
    }

    private static ReleaseFact Fact(string id, string team, string service, DateTimeOffset deployedAt) => new()
    {
        ReleaseId = id, LastSeq = 1, Team = team, Service = service, Version = "1.0.0", CreatedAt = deployedAt.AddMinutes(-5), DeployedAt = deployedAt,
        State = "Promoted",
    };

    [Fact]
    public async Task Windows_DeployedAndPromoted_SelectByHalfOpenRangeWithTheFixedReleasesFlag()
    {
        await SeedAsync();
        long Ms(DateTimeOffset t) => t.ToUnixTimeMilliseconds();

        var deployed = await Queries.DeployedInAsync(All, Ms(D0), Ms(D0.AddDays(5)), figuresOnly: false);
        Assert.Equal(["f1", "f2", "f3"], deployed.Select(f => f.ReleaseId).Order(StringComparer.Ordinal));
        Assert.True(Assert.Single(deployed, f => f.ReleaseId == "f3").FixesFailed);
        Assert.Equal(["f1", "f3", "f4"], (await Queries.DeployedInAsync(All, Ms(D0.AddHours(1)), Ms(D0.AddDays(6)), figuresOnly: true))
            .Where(f => !f.Failed).Select(f => f.ReleaseId).Order(StringComparer.Ordinal));
        Assert.Equal(["f4"], (await Queries.DeployedInAsync(All with { Team = "payments", Service = "api" }, 0, long.MaxValue, figuresOnly: false)).Select(f => f.ReleaseId));
        Assert.Empty(await Queries.DeployedInAsync(All with { Team = "Payments" }, 0, long.MaxValue, figuresOnly: false));

        Assert.Equal(["f1"], (await Queries.PromotedInDeployedBeforeAsync(All, Ms(D0.AddHours(1.5)), Ms(D0.AddDays(1)), figuresOnly: false)).Select(f => f.ReleaseId));
        Assert.Empty(await Queries.PromotedInDeployedBeforeAsync(All, Ms(D0), Ms(D0.AddDays(1)), figuresOnly: false));
    }

    [Fact]
    public async Task NextPromotionsOpenAndFilters_ReadTheSameOnEitherProvider()
    {
        await SeedAsync();

        var failed = (await Queries.DeployedInAsync(All, 0, long.MaxValue, figuresOnly: false)).Where(f => f.Failed).ToList();
        Assert.Equal(new Dictionary<string, DateTimeOffset> { ["f2"] = D0.AddDays(3).AddHours(1) }, await Queries.NextPromotionsAsync(failed));
        Assert.Empty(await Queries.NextPromotionsAsync([]));
        Assert.Equal(["f4"], (await Queries.ListOpenAsync(All with { Team = "payments" })).Select(f => f.ReleaseId));
        Assert.Empty(await Queries.ListOpenAsync(All with { Service = "web" }));

        var (teams, services) = await Queries.ListFiltersAsync();
        Assert.Equal(["Core-eu", "core", "payments"], teams);
        Assert.Equal(["api", "web"], services);
    }

    [Fact]
    public async Task Tally_Period_CountsDeployedFailedPromotedAndReworkAndListsOpen()
    {
        await SeedAsync();

        var (tallies, open) = await Queries.TallyAsync(All);

        // Deployed counts every deployment, failed or not.
        Assert.Equal((4, 1, 2, 1), (tallies.Total.Deployed, tallies.Total.Failed, tallies.Total.Promoted, tallies.Total.Rework));
        Assert.Equal([2.0, 25.0], tallies.Total.LeadHours.Order());
        Assert.Equal(["f4"], open.Select(f => f.ReleaseId));
    }

    [Fact]
    public async Task RemediatedSince_RollbackAndAbortRequests_FromTheGivenTimeOn()
    {
        var now = DateTimeOffset.UtcNow;
        await CreateReleaseAsync("rolled", null, new RollbackRequested("bad"));
        await CreateReleaseAsync("aborted", null, new AbortRequested("stop"), new AbortRequested("again"));
        await CreateReleaseAsync("quiet", null, new EngineWarning("x"));
        var on = new OnCallQueries(Database);

        Assert.Equal(["aborted", "rolled"], (await on.RemediatedSinceAsync(now.AddMinutes(-1))).Order(StringComparer.Ordinal));
        Assert.Empty(await on.RemediatedSinceAsync(now.AddMinutes(5)));
    }
}

public sealed class SqliteDeliveryQueriesContract() : DeliveryQueriesContract(null);

[Collection(PostgresCollection.Name)]
public sealed class PostgresDeliveryQueriesContract(PostgresServer server) : DeliveryQueriesContract(server);
