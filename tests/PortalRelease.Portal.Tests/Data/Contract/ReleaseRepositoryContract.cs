using Dapper;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Releases;
using PortalRelease.Portal.Releases.Journal;

namespace PortalRelease.Portal.Tests.Data.Contract;

/// <summary>The <c>releases</c> table and the states the engine and pages read from the journal.</summary>
public abstract class ReleaseRepositoryContract(PostgresServer? server) : StoreContract(server)
{
    private static readonly string[] FinalStates = ["Promoted", "RolledBack", "Aborted", "Failed"];

    private ReleaseRepository Releases => new(Database);

    private static EventDraft[] Created => [EventDraft.Of(new ReleaseCreated("t", 1, "1.0.0", new Dictionary<string, object?>()), "test")];

    private async Task SaveTemplateAsync() => await new TemplateRepository(Database).SaveAsync("t", null, "name: t", "test", PreciseLocalTime);

    [Fact]
    public async Task Get_CreatedRelease_ReadsEveryFieldBackIncludingA64BitTemplateVersion()
    {
        await using (var connection = await Database.OpenAsync())
        {
            await connection.ExecuteAsync(
                "INSERT INTO templates (name, version, description, yaml, created_at, created_by) VALUES ('checkout-api', @version, NULL, 'name: x', 'x', 'alice')",
                new { version = Beyond32Bits });
        }
        var record = new ReleaseRecord("r1", "checkout-api", Beyond32Bits, "2.0.0-ünï", "{\"replicas\":3}", "{\"waves\":[]}", PreciseLocalTime, "alice");
        await Writer.CreateReleaseAsync(record, Created);

        var stored = await Releases.GetAsync("r1");

        Assert.Equal(record, stored);
        Assert.Equal(TimeSpan.Zero, stored!.CreatedAt.Offset);
        Assert.Null(await Releases.GetAsync("R1"));
        Assert.Equal(["r1"], (await Releases.GetManyAsync(["r1", "ghost", "R1"])).Select(r => r.Id));
        Assert.Empty(await Releases.GetManyAsync([]));
    }

    [Fact]
    public async Task Create_IdTaken_FailsAndKeepsTheFirst()
    {
        await SaveTemplateAsync();
        await Writer.CreateReleaseAsync(new ReleaseRecord("r1", "t", 1, "1.0.0", "{}", "{}", PreciseLocalTime, "alice"), Created);

        await Assert.ThrowsAnyAsync<Exception>(() => Writer.CreateReleaseAsync(new ReleaseRecord("r1", "t", 1, "6.6.6", "{}", "{}", PreciseLocalTime, "mallory"), Created));

        Assert.Equal("alice", (await Releases.GetAsync("r1"))!.CreatedBy);
        Assert.Single(await new JournalRepository(Database).ReadAsync("r1"));
    }

    [Fact]
    public async Task ListRecent_SeveralReleases_NewestCreatedFirstUpToTheLimit()
    {
        var t0 = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        await SaveTemplateAsync();
        foreach (var (id, minutes) in new[] { ("b", 2), ("a", 0), ("c", 1) })
        {
            await Writer.CreateReleaseAsync(new ReleaseRecord(id, "t", 1, "1.0.0", "{}", "{}", t0.AddMinutes(minutes), "test"), Created);
        }

        Assert.Equal(["b", "c", "a"], (await Releases.ListRecentAsync(10)).Select(r => r.Id));
        Assert.Equal(["b", "c"], (await Releases.ListRecentAsync(2)).Select(r => r.Id));
    }

    [Fact]
    public async Task ListUnsettled_MixOfStates_ReturnsOnlyReleasesTheEngineMustResumeOldestFirst()
    {
        var t0 = DateTimeOffset.UtcNow;
        await CreateReleaseAsync("new", t0);
        await CreateReleaseAsync("deploying", t0.AddSeconds(1), new StateChanged(Lifecycle.Proposed, Lifecycle.Validated, null), new StateChanged(Lifecycle.Validated, Lifecycle.Deploying, null));
        await CreateReleaseAsync("promoted", t0.AddSeconds(2), new StateChanged(Lifecycle.Proposed, Lifecycle.Validated, null), new StateChanged(Lifecycle.Validated, Lifecycle.Promoted, null));
        await CreateReleaseAsync("failing", t0.AddSeconds(3), new StateChanged(Lifecycle.Proposed, Lifecycle.Failed, "x"), new RollbackRequested("auto"));
        await CreateReleaseAsync("failed", t0.AddSeconds(4), new StateChanged(Lifecycle.Proposed, Lifecycle.Failed, "validation"));
        await CreateReleaseAsync("rollback-asked", t0.AddSeconds(5), new StateChanged(Lifecycle.Proposed, Lifecycle.Validated, null), new StateChanged(Lifecycle.Validated, Lifecycle.Promoted, null), new RollbackRequested("later"));

        Assert.Equal(["new", "deploying", "failing", "rollback-asked"], await Releases.ListUnsettledAsync(FinalStates));

        var states = (await Releases.ListStatesAsync()).ToDictionary(s => s.Id, s => s.State);
        Assert.Equal(("Proposed", "Deploying", "Promoted", "Failed"), (states["new"], states["deploying"], states["promoted"], states["failing"]));
        Assert.Equal(6, states.Count);
        Assert.Equal(("Proposed", "Deploying", "Promoted", "Failed", "Proposed"),
            (await Releases.GetStateAsync("new"), await Releases.GetStateAsync("deploying"), await Releases.GetStateAsync("promoted"),
             await Releases.GetStateAsync("failing"), await Releases.GetStateAsync("ghost")));
    }
}

public sealed class SqliteReleaseRepositoryContract() : ReleaseRepositoryContract(null);

[Collection(PostgresCollection.Name)]
public sealed class PostgresReleaseRepositoryContract(PostgresServer server) : ReleaseRepositoryContract(server);
