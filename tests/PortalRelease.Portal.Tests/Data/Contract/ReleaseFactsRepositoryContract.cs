using PortalRelease.Portal.Dashboards;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Releases.Journal;

namespace PortalRelease.Portal.Tests.Data.Contract;

/// <summary>The <c>release_facts</c> table: monotonic upserts, staleness against the journal, and the projector's journal reads.</summary>
public abstract class ReleaseFactsRepositoryContract(PostgresServer? server) : StoreContract(server)
{
    private ReleaseFactsRepository Facts => new(Database);

    internal static ReleaseFact Fact(string id, long seq, string state) => new()
    {
        ReleaseId = id,
        LastSeq = seq,
        Team = "team",
        Service = "svc",
        Version = "1.0.0",
        CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(500),
        State = state,
    };

    private async Task UpsertAsync(params ReleaseFact[] facts)
    {
        await using var connection = await Facts.OpenAsync();
        await ReleaseFactsRepository.UpsertAsync(connection, facts, CancellationToken.None);
    }

    [Fact]
    public async Task Upsert_OlderSequenceAfterNewer_KeepsTheNewerFacts()
    {
        // A projector on another node that is behind writes what it folded up to seq 5 after this one wrote seq 10.
        await CreateReleaseAsync("r1");
        await UpsertAsync(Fact("r1", 10, "Promoted"));
        await UpsertAsync(Fact("r1", 5, "Deploying"));

        var stored = Assert.Single(await Facts.ListAllAsync());
        Assert.Equal((10L, "Promoted"), (stored.LastSeq, stored.State));
    }

    [Fact]
    public async Task Upsert_NewerSequence_ReplacesEveryFieldIncludingNullsAndKeepsMilliseconds()
    {
        await CreateReleaseAsync("r1");
        var first = Fact("r1", 3, "Deploying");
        (first.Failure, first.DeployedAt, first.Paused, first.Incidents, first.Fixes) = ("failed ✓", PreciseLocalTime, true, 2, "r0");
        await UpsertAsync(first);
        var stored = Assert.Single(await Facts.ListAllAsync());
        // Facts keep times as Unix milliseconds: the 100 ns digits go, on both providers alike.
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(PreciseLocalTime.ToUnixTimeMilliseconds()), stored.DeployedAt);
        Assert.Equal(("failed ✓", true, 2, "r0", TimeSpan.Zero), (stored.Failure, stored.Paused, stored.Incidents, stored.Fixes, stored.DeployedAt!.Value.Offset));

        var next = Fact("r1", Beyond32Bits, "Promoted");
        next.PromotedAt = DateTimeOffset.FromUnixTimeMilliseconds(2_000);
        await UpsertAsync(next);

        stored = Assert.Single(await Facts.ListAllAsync());
        Assert.Equal((Beyond32Bits, "Promoted", null, null, false, 0), (stored.LastSeq, stored.State, stored.Failure, stored.DeployedAt, stored.Paused, stored.Incidents));
        Assert.Equal(next.PromotedAt, stored.PromotedAt);
        Assert.Equal(["r1"], (await ReleaseFactsRepository.LoadAsync(await Facts.OpenAsync(), ["r1", "ghost"], CancellationToken.None)).Keys);
    }

    [Fact]
    public async Task ListStale_FactsMissingOrBehind_NamesThemWithHowFarTheyRead()
    {
        await CreateReleaseAsync("behind", null, new EngineWarning("a"));
        await CreateReleaseAsync("current");
        await CreateReleaseAsync("missing");
        await UpsertAsync(Fact("behind", 1, "Proposed"), Fact("current", 1, "Proposed"));

        Assert.Equal([("behind", 1L), ("missing", 0L)], (await Facts.ListStaleAsync()).Order());

        await Facts.DeleteAllAsync();
        Assert.Empty(await Facts.ListAllAsync());
        Assert.Equal(3, (await Facts.ListStaleAsync()).Count);
    }

    [Fact]
    public async Task JournalReads_RangeAndScan_VisitInSequenceOrderParsingOnlyWhatIsAsked()
    {
        await CreateReleaseAsync("r1", null, new EngineWarning("a"), new EngineWarning("b"));
        await CreateReleaseAsync("r2", null, new EngineWarning("c"));
        await using var connection = await Facts.OpenAsync();
        var parsed = new HashSet<string> { "EngineWarning" };

        var range = new List<JournalEvent>();
        await ReleaseFactsRepository.ReadJournalAsync(connection, "r1", 1, 2, parsed, range.Add, CancellationToken.None);
        Assert.Equal("a", Assert.Single(range).Payload<EngineWarning>().Message);

        var scanned = new List<JournalEvent>();
        await ReleaseFactsRepository.ScanJournalAsync(connection, new HashSet<string> { "r1" }, parsed, scanned.Add, CancellationToken.None);
        Assert.Equal([1L, 2, 3], scanned.Select(e => e.Seq));
        Assert.Equal(System.Text.Json.JsonValueKind.Undefined, scanned[0].Data.ValueKind);
    }
}

public sealed class SqliteReleaseFactsRepositoryContract() : ReleaseFactsRepositoryContract(null);

[Collection(PostgresCollection.Name)]
public sealed class PostgresReleaseFactsRepositoryContract(PostgresServer server) : ReleaseFactsRepositoryContract(server);
