using System.Text;
using PortalRelease.Sdk;

namespace PortalRelease.Portal.Tests.Data;

/// <summary>
/// The contract of the plugins' durable state (SDK <see cref="IPluginStateStore"/>) and locks (<see cref="IPluginLockProvider"/>)
/// as the host provides them, on SQLite and on Debian's PostgreSQL: nodes racing on one key, compare-and-set, listings,
/// bounds, scoping by plugin, and a lock held by one node blocking the other.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PluginStateStoreTests(PostgresServer server) : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private string _database = "";

    public async Task InitializeAsync() => _database = await server.CreateDatabaseAsync();

    public Task DisposeAsync() => server.DropDatabaseAsync(_database);

    private Task<PluginStateNodes> NodesAsync(bool postgres) => PluginStateNodes.CreateAsync(postgres ? server.ConnectionStringFor(_database) : null);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task TryAdd_TwoNodesRaceOnEachKey_ExactlyOneWinsAndItsValueStays(bool postgres)
    {
        await using var nodes = await NodesAsync(postgres);
        var a = nodes.Node().StoreFor("racer");
        var b = nodes.Node().StoreFor("racer");

        for (var round = 0; round < 20; round++)
        {
            var key = $"applied/{round:D4}";
            using var start = new ManualResetEventSlim();
            var attempts = Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
            {
                start.Wait();
                var store = i % 2 == 0 ? a : b;
                return (Writer: i, Version: await store.TryAddAsync(key, Encoding.UTF8.GetBytes($"writer-{i}"), CancellationToken.None));
            })).ToList();
            start.Set();
            var results = await Task.WhenAll(attempts);

            var winner = Assert.Single(results, r => r.Version is not null);
            Assert.Equal(1, winner.Version);
            var stored = await b.GetAsync(key, CancellationToken.None);
            Assert.Equal($"writer-{winner.Writer}", stored!.GetString());
            Assert.Equal(1, stored.Version);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task TrySet_AfterAnotherNodeWrote_ChangesNothingAndVersionsCount(bool postgres)
    {
        await using var nodes = await NodesAsync(postgres);
        var a = nodes.Node().StoreFor("cas");
        var b = nodes.Node().StoreFor("cas");

        Assert.Equal(1, await a.SetStringAsync("k", "one", CancellationToken.None));
        Assert.Equal(2, await b.TrySetAsync("k", 1, Encoding.UTF8.GetBytes("two"), CancellationToken.None));
        // a still believes version 1: its write must not land.
        Assert.Null(await a.TrySetAsync("k", 1, Encoding.UTF8.GetBytes("stale"), CancellationToken.None));
        Assert.Null(await a.TrySetAsync("missing", 1, Encoding.UTF8.GetBytes("x"), CancellationToken.None));
        Assert.Null(await a.GetAsync("missing", CancellationToken.None));
        Assert.Null(await a.TryAddStringAsync("k", "again", CancellationToken.None));
        Assert.Equal(3, await a.SetStringAsync("k", "three", CancellationToken.None));
        var entry = await b.GetAsync("k", CancellationToken.None);
        Assert.Equal(("three", 3L), (entry!.GetString(), entry.Version));

        Assert.False(await b.DeleteAsync("k", 2, CancellationToken.None));
        Assert.True(await b.DeleteAsync("k", 3, CancellationToken.None));
        Assert.Null(await a.GetAsync("k", CancellationToken.None));
        Assert.False(await a.DeleteAsync("k", null, CancellationToken.None));
        await a.SetAsync("empty", ReadOnlyMemory<byte>.Empty, CancellationToken.None);
        Assert.Equal(0, (await b.GetAsync("empty", CancellationToken.None))!.Value.Length);
        Assert.True(await a.DeleteAsync("empty", null, CancellationToken.None));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task List_ByPrefixAfterAKey_ReturnsOnlyThatPrefixInByteOrderUpToTheLimit(bool postgres)
    {
        await using var nodes = await NodesAsync(postgres);
        var store = nodes.Node().StoreFor("lister");
        // Neighbours of the prefix on both sides, a key beyond the Basic Multilingual Plane, mixed case: all must sort
        // by their bytes on both providers, whatever PostgreSQL's locale.
        string[] keys = ["ledger/a/0000000002", "ledger/a/0000000001", "ledger/a/0000000010", "ledger/a", "ledger/a/\U0001F600", "ledger/a/B", "ledger/a/a",
            "ledger/b/0000000001", "ledger/a.", "ledger/", "ledger0"];
        foreach (var key in keys)
        {
            await store.SetStringAsync(key, key.ToUpperInvariant(), CancellationToken.None);
        }

        var all = await store.ListAsync("ledger/a/", null, 100, CancellationToken.None);
        Assert.Equal(["ledger/a/0000000001", "ledger/a/0000000002", "ledger/a/0000000010", "ledger/a/B", "ledger/a/a", "ledger/a/\U0001F600"], all.Select(e => e.Key));
        Assert.Equal("LEDGER/A/B", all[3].GetString());

        var page = await store.ListAsync("ledger/a/", "ledger/a/0000000001", 2, CancellationToken.None);
        Assert.Equal(["ledger/a/0000000002", "ledger/a/0000000010"], page.Select(e => e.Key));
        Assert.Empty(await store.ListAsync("ledger/a/", "ledger/a/\U0001F600", 100, CancellationToken.None));
        Assert.Equal(keys.Length, (await store.ListAsync("", null, 100, CancellationToken.None)).Count);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Store_PluginAAndPluginBUseOneKey_NeitherSeesNorChangesTheOther(bool postgres)
    {
        await using var nodes = await NodesAsync(postgres);
        var host = nodes.Node();
        var a = host.StoreFor("plugin-a");
        var b = host.StoreFor("plugin-b");

        await a.SetStringAsync("secret/key", "a's value", CancellationToken.None);

        Assert.Null(await b.GetAsync("secret/key", CancellationToken.None));
        Assert.Empty(await b.ListAsync("", null, 100, CancellationToken.None));
        Assert.Empty(await b.ListAsync("secret/", null, 100, CancellationToken.None));
        Assert.False(await b.DeleteAsync("secret/key", null, CancellationToken.None));
        Assert.Null(await b.TrySetAsync("secret/key", 1, Encoding.UTF8.GetBytes("b's"), CancellationToken.None));
        Assert.Equal(1, await b.TryAddStringAsync("secret/key", "b's own", CancellationToken.None));
        // A prefix trick cannot reach across either: ids are not part of the key space.
        Assert.Empty(await b.ListAsync("plugin-a", null, 100, CancellationToken.None));

        var mine = await a.GetAsync("secret/key", CancellationToken.None);
        Assert.Equal(("a's value", 1L), (mine!.GetString(), mine.Version));
        Assert.Equal(["secret/key"], (await a.ListAsync("", null, 100, CancellationToken.None)).Select(e => e.Key));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Store_KeyOrValueOutOfBounds_ThrowsAndWritesNothing(bool postgres)
    {
        await using var nodes = await NodesAsync(postgres);
        var store = nodes.Node().StoreFor("bounds");
        var tooBig = new byte[PluginStateLimits.MaxValueBytes + 1];

        Assert.Contains("65537 bytes", (await Assert.ThrowsAsync<ArgumentException>(() => store.SetAsync("k", tooBig, CancellationToken.None))).Message);
        await Assert.ThrowsAsync<ArgumentException>(() => store.TryAddAsync("k", tooBig, CancellationToken.None));
        Assert.Contains("257 characters", (await Assert.ThrowsAsync<ArgumentException>(() => store.SetStringAsync(new string('k', 257), "v", CancellationToken.None))).Message);
        await Assert.ThrowsAsync<ArgumentException>(() => store.SetStringAsync("", "v", CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => store.SetStringAsync("a\0b", "v", CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => store.SetStringAsync("a\uD800", "v", CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => store.SetStringAsync("a\U0010FFFF", "v", CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.ListAsync("", null, PluginStateLimits.MaxListLimit + 1, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.ListAsync("", null, 0, CancellationToken.None));

        Assert.Empty(await store.ListAsync("", null, 100, CancellationToken.None));
        // The largest value and the longest key fit.
        await store.SetAsync(new string('k', 256), new byte[PluginStateLimits.MaxValueBytes], CancellationToken.None);
        Assert.Equal(PluginStateLimits.MaxValueBytes, (await store.GetAsync(new string('k', 256), CancellationToken.None))!.Value.Length);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Lock_HeldByOneNode_BlocksTheOtherUntilReleased(bool postgres)
    {
        await using var nodes = await NodesAsync(postgres);
        // On PostgreSQL each node has its own connections; the SQLite portal is one process, so its holders share its one database.
        var shared = postgres ? null : nodes.Database();
        var first = nodes.Node(shared).LocksFor("locker");
        var second = nodes.Node(shared).LocksFor("locker");
        var otherPlugin = nodes.Node(shared).LocksFor("other-plugin");

        var held = await first.AcquireAsync("target/cluster-1", Patience, CancellationToken.None);

        await Assert.ThrowsAsync<TimeoutException>(() => second.AcquireAsync("target/cluster-1", TimeSpan.FromMilliseconds(300), CancellationToken.None));
        // Another name, and the same name of another plugin, are free.
        await (await second.AcquireAsync("target/cluster-2", Patience, CancellationToken.None)).DisposeAsync();
        await (await otherPlugin.AcquireAsync("target/cluster-1", Patience, CancellationToken.None)).DisposeAsync();

        var waiting = second.AcquireAsync("target/cluster-1", Patience, CancellationToken.None);
        await Assert.ThrowsAsync<TimeoutException>(() => second.AcquireAsync("target/cluster-1", TimeSpan.FromMilliseconds(200), CancellationToken.None));
        Assert.False(waiting.IsCompleted);

        await held.DisposeAsync();
        var next = await waiting.WaitAsync(Patience);
        await Assert.ThrowsAsync<TimeoutException>(() => first.AcquireAsync("target/cluster-1", TimeSpan.FromMilliseconds(200), CancellationToken.None));
        await next.DisposeAsync();
        await (await first.AcquireAsync("target/cluster-1", Patience, CancellationToken.None)).DisposeAsync();
    }

    [Fact]
    public async Task Lock_NodeConnectionDies_TheOtherNodeTakesIt()
    {
        await using var nodes = await NodesAsync(postgres: true);
        var first = nodes.Node().LocksFor("locker");
        var second = nodes.Node().LocksFor("locker");
        await first.AcquireAsync("target/t", Patience, CancellationToken.None);

        // What the server sees when a node is killed: its sessions end.
        await using (var admin = new Npgsql.NpgsqlConnection(server.ConnectionStringFor(_database)))
        {
            await admin.OpenAsync();
            await using var kill = new Npgsql.NpgsqlCommand(
                "SELECT pg_terminate_backend(l.pid) FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())", admin);
            await kill.ExecuteNonQueryAsync();
        }

        await (await second.AcquireAsync("target/t", Patience, CancellationToken.None)).DisposeAsync();
    }
}
