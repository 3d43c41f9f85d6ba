using PortalRelease.Portal.Dashboards;
using PortalRelease.Portal.Data;

namespace PortalRelease.Portal.Tests.Data;

public sealed class ReleaseFactsRepositoryTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task Upsert_OlderSequenceAfterNewer_KeepsTheNewerFacts()
    {
        // A projector on another node that is behind writes what it folded up to seq 5 after this one wrote seq 10.
        await _db.CreateReleaseAsync("r1");
        var facts = new ReleaseFactsRepository(_db.Connections);
        await using (var connection = await facts.OpenAsync())
        {
            await ReleaseFactsRepository.UpsertAsync(connection, [Fact("r1", 10, "Promoted")], CancellationToken.None);
            await ReleaseFactsRepository.UpsertAsync(connection, [Fact("r1", 5, "Deploying")], CancellationToken.None);
        }

        var stored = Assert.Single(await facts.ListAllAsync());
        Assert.Equal((10L, "Promoted"), (stored.LastSeq, stored.State));
    }

    [Fact]
    public async Task Upsert_NewerSequence_ReplacesTheFactsIncludingNulls()
    {
        await _db.CreateReleaseAsync("r1");
        var facts = new ReleaseFactsRepository(_db.Connections);
        var first = Fact("r1", 3, "Deploying");
        first.Failure = "failed";
        first.DeployedAt = DateTimeOffset.FromUnixTimeMilliseconds(1_000);
        var next = Fact("r1", 7, "Promoted");
        next.PromotedAt = DateTimeOffset.FromUnixTimeMilliseconds(2_000);
        await using (var connection = await facts.OpenAsync())
        {
            await ReleaseFactsRepository.UpsertAsync(connection, [first], CancellationToken.None);
            await ReleaseFactsRepository.UpsertAsync(connection, [next], CancellationToken.None);
        }

        var stored = Assert.Single(await facts.ListAllAsync());
        Assert.Equal((7L, "Promoted", null, null), (stored.LastSeq, stored.State, stored.Failure, stored.DeployedAt));
        Assert.Equal(next.PromotedAt, stored.PromotedAt);
    }

    private static ReleaseFact Fact(string id, long seq, string state) => new()
    {
        ReleaseId = id,
        LastSeq = seq,
        Team = "team",
        Service = "svc",
        Version = "1.0.0",
        CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(500),
        State = state,
    };
}
