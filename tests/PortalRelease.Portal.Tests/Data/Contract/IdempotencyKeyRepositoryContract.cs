using PortalRelease.Portal.Data;
using PortalRelease.Portal.Releases.Journal;

namespace PortalRelease.Portal.Tests.Data.Contract;

/// <summary>The <c>idempotency_keys</c> table: one release per live key and actor, written with the release or not at all.</summary>
public abstract class IdempotencyKeyRepositoryContract(PostgresServer? server) : StoreContract(server)
{
    private IdempotencyKeyRepository Keys => new(Database);

    private async Task CreateAsync(string id, IdempotencyRecord key)
    {
        await new TemplateRepository(Database).SaveAsync("t", null, "name: t", "test", PreciseLocalTime);
        await Writer.CreateReleaseAsync(new ReleaseRecord(id, "t", 1, "1.0.0", "{}", "{}", key.CreatedAt, key.Actor),
            [EventDraft.Of(new EngineWarning("created"))], key);
    }

    [Fact]
    public async Task Create_KeyTakenByTheSameActor_FailsAndSavesNothingOfTheSecond()
    {
        await CreateAsync("r1", new IdempotencyRecord("ci", "deploy-42", "sha256:a", "r1", PreciseLocalTime));

        await Assert.ThrowsAsync<IdempotencyKeyTakenException>(() => CreateAsync("r2", new IdempotencyRecord("ci", "deploy-42", "sha256:b", "r2", PreciseLocalTime.AddMinutes(1))));

        Assert.Null(await new ReleaseRepository(Database).GetAsync("r2"));
        Assert.Empty(await new JournalRepository(Database).ReadAsync("r2"));
        var found = await Keys.FindAsync("ci", "deploy-42", PreciseLocalTime.AddHours(1));
        Assert.Equal(new IdempotencyRecord("ci", "deploy-42", "sha256:a", "r1", PreciseLocalTime), found);
        Assert.Equal(TimeSpan.Zero, found!.CreatedAt.Offset);
        // Keys are exact: another case, or another actor's key, is another key.
        await CreateAsync("r3", new IdempotencyRecord("ci", "DEPLOY-42", "sha256:c", "r3", PreciseLocalTime));
        await CreateAsync("r4", new IdempotencyRecord("CI", "deploy-42", "sha256:d", "r4", PreciseLocalTime));
        Assert.Equal("r3", (await Keys.FindAsync("ci", "DEPLOY-42", PreciseLocalTime))!.ReleaseId);
    }

    [Fact]
    public async Task Keys_PastRetention_AreNotFoundGiveWayAndAreSwept()
    {
        await CreateAsync("r1", new IdempotencyRecord("ci", "k1", "h", "r1", PreciseLocalTime));
        await CreateAsync("r2", new IdempotencyRecord("ci", "k2", "h", "r2", PreciseLocalTime.AddHours(2)));
        var later = PreciseLocalTime + IdempotencyKeyRepository.Retention;

        Assert.Null(await Keys.FindAsync("ci", "k1", later));
        Assert.NotNull(await Keys.FindAsync("ci", "k1", later.AddTicks(-1)));
        await CreateAsync("r1b", new IdempotencyRecord("ci", "k1", "h2", "r1b", later.AddMinutes(1)));
        Assert.Equal("r1b", (await Keys.FindAsync("ci", "k1", later.AddMinutes(1)))!.ReleaseId);

        Assert.Equal(1, await Keys.SweepAsync(later.AddHours(2)));
        Assert.Null(await Keys.FindAsync("ci", "k2", later));
        Assert.NotNull(await Keys.FindAsync("ci", "k1", later.AddHours(2)));
    }
}

public sealed class SqliteIdempotencyKeyRepositoryContract() : IdempotencyKeyRepositoryContract(null);

[Collection(PostgresCollection.Name)]
public sealed class PostgresIdempotencyKeyRepositoryContract(PostgresServer server) : IdempotencyKeyRepositoryContract(server);
