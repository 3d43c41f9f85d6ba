using PortalRelease.Portal.Audit;
using PortalRelease.Portal.Data;

namespace PortalRelease.Portal.Tests.Data.Contract;

/// <summary>
/// The audit log: chained appends (<see cref="AuditLogRepository"/>), the database's refusal to rewrite it, and the
/// filtered, keyset-paged reads of <see cref="AuditLogQueries"/>.
/// </summary>
public abstract class AuditLogContract(PostgresServer? server) : StoreContract(server)
{
    private AuditLogRepository Log => new(Database);

    private AuditLogQueries Queries => new(Database);

    private static AuditRow Row(string action, string actor = "alice", string kind = "target", string id = "k8s-eu", string outcome = "ok", DateTimeOffset? at = null) =>
        new(DbTime.Format(at ?? PreciseLocalTime), actor, actor.ToUpperInvariant() + " Name", "cookie", "127.0.0.1", action, kind, id, outcome, "{\"why\":\"ünï ✓\"}");

    [Fact]
    public async Task Append_SeveralRows_ChainsEachToTheOneBefore()
    {
        var ids = new List<long>();
        foreach (var action in new[] { "target.create", "target.update", "grant.add" })
        {
            ids.Add(await Log.AppendAsync(Row(action)));
        }

        Assert.True(ids.SequenceEqual(ids.Order()) && ids.Distinct().Count() == 3);
        var links = new List<(long Id, byte[] Previous, byte[] Stored, byte[] Content)>();
        await Log.WalkAsync(l => { links.Add((l.Id, l.StoredPrevious!, l.StoredHash!, l.ContentHash.ToArray())); return true; }, CancellationToken.None);
        Assert.Equal(ids, links.Select(l => l.Id));
        Assert.Equal(CanonicalHasher.Genesis.ToArray(), links[0].Previous);
        Assert.All(links, l => Assert.Equal(l.Content, l.Stored));
        Assert.Equal(links[0].Stored, links[1].Previous);
        Assert.Equal(links[1].Stored, links[2].Previous);
        var head = await Log.HeadAsync(CancellationToken.None);
        Assert.Equal(ids[^1], head!.Id);
        Assert.Equal(links[^1].Stored, head.Hash);
    }

    [Fact]
    public async Task Append_TwelveAtOnce_KeepsOneUnbrokenChain()
    {
        await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(() => Log.AppendAsync(Row($"action.{i}")))));

        var previous = CanonicalHasher.Genesis.ToArray();
        var count = 0;
        await Log.WalkAsync(l =>
        {
            Assert.Equal(previous, l.StoredPrevious);
            Assert.Equal(l.ContentHash, l.StoredHash);
            previous = l.StoredHash!;
            count++;
            return true;
        }, CancellationToken.None);
        Assert.Equal(12, count);
    }

    [Theory]
    [InlineData("UPDATE audit_log SET outcome = 'denied'")]
    [InlineData("DELETE FROM audit_log")]
    public async Task AuditLog_UpdateOrDelete_IsRefusedAndChangesNothing(string sql)
    {
        await Log.AppendAsync(Row("target.create"));

        await AssertAppendOnlyRefusedAsync(sql);

        Assert.Equal("ok", Assert.Single(await Queries.NewestAsync(AuditFilter.All, null, 10, CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task Newest_RoundTrip_ReadsEveryFieldBackWithTimeInUtc()
    {
        var id = await Log.AppendAsync(Row("target.create"));

        var entry = Assert.Single(await Queries.NewestAsync(AuditFilter.All, null, 10, CancellationToken.None));

        Assert.Equal((id, "alice", "ALICE Name", "cookie", "127.0.0.1"), (entry.Id, entry.ActorId, entry.ActorName, entry.AuthMethod, entry.Address));
        Assert.Equal(("target.create", "target", "k8s-eu", "ok"), (entry.Action, entry.ResourceKind, entry.ResourceId, entry.Outcome));
        Assert.Equal("ünï ✓", entry.Details.GetProperty("why").GetString());
        Assert.Equal((PreciseLocalTime, TimeSpan.Zero), (entry.At, entry.At.Offset));
        Assert.Equal(id, await Queries.HeadIdAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Queries_EveryFilterKind_SelectTheSameRowsOnEitherProvider()
    {
        var t0 = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        var a = await Log.AppendAsync(Row("target.create", "alice", at: t0));
        var b = await Log.AppendAsync(Row("target", "bob", at: t0.AddHours(1)));
        var c = await Log.AppendAsync(Row("targets.list", "Alice", "service", "api", at: t0.AddHours(2)));
        var d = await Log.AppendAsync(Row("grant.add", "alfred", outcome: "denied", at: t0.AddHours(3)));

        async Task<long[]> Ids(AuditFilter filter) => [.. (await Queries.NewestAsync(filter, null, 100, CancellationToken.None)).Select(r => r.Id)];

        Assert.Equal([d, c, b, a], await Ids(AuditFilter.All));
        Assert.Equal([a], await Ids(new AuditFilter { Actor = AuditMatch.Exact("alice") }));
        // Prefixes match the actor's id or name, case as stored.
        Assert.Equal([d, a], await Ids(new AuditFilter { Actor = AuditMatch.Prefix("al") }));
        Assert.Equal([b, a], await Ids(new AuditFilter { Action = new AuditMatch("target", AuditMatchKind.Family) }));
        Assert.Equal([c, b, a], await Ids(new AuditFilter { Action = AuditMatch.Prefix("target") }));
        Assert.Equal([c], await Ids(new AuditFilter { ResourceKind = "service", ResourceId = "api" }));
        Assert.Equal([d, b, a], await Ids(new AuditFilter { ResourceKind = "target" }));
        Assert.Equal([c], await Ids(new AuditFilter { ResourceId = "api" }));
        Assert.Equal([c, b], await Ids(new AuditFilter { From = t0.AddHours(1), To = t0.AddHours(3) }));
        Assert.Equal([d], await Ids(new AuditFilter { Outcome = "denied" }));
        Assert.Empty(await Ids(new AuditFilter { Outcome = "DENIED" }));
    }

    [Fact]
    public async Task Pages_BothDirections_AreKeysetByIdAndBounded()
    {
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await Log.AppendAsync(Row($"a.{i}")));
        }

        var newest = await Queries.NewestAsync(AuditFilter.All, ids[3], 2, CancellationToken.None);
        Assert.Equal([ids[2], ids[1]], newest.Select(r => r.Id));
        var oldest = await Queries.OldestAsync(AuditFilter.All, ids[0], ids[3], 10, CancellationToken.None);
        Assert.Equal([ids[1], ids[2], ids[3]], oldest.Select(r => r.Id));
        Assert.Equal([ids[1]], (await Queries.OldestAsync(AuditFilter.All, ids[0], ids[3], 1, CancellationToken.None)).Select(r => r.Id));
        Assert.Empty(await Queries.OldestAsync(AuditFilter.All, ids[^1], long.MaxValue, 10, CancellationToken.None));
    }

    [Fact]
    public async Task HeadId_EmptyLog_IsZero()
    {
        Assert.Equal(0, await Queries.HeadIdAsync(CancellationToken.None));
        Assert.Null(await Log.HeadAsync(CancellationToken.None));
    }
}

public sealed class SqliteAuditLogContract() : AuditLogContract(null);

[Collection(PostgresCollection.Name)]
public sealed class PostgresAuditLogContract(PostgresServer server) : AuditLogContract(server);
