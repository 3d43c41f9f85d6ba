using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Health;
using PortalRelease.Portal.Tests.Api;
using PortalRelease.Portal.Tests.Data;

namespace PortalRelease.Portal.Tests.Cluster;

/// <summary>
/// Singleton background work on two portal nodes sharing PostgreSQL: each kind runs on exactly one node while the other
/// stands by, and the other takes it over within the lease time when the holder stops or dies.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterSingletonTests(PostgresServer server) : IAsyncLifetime
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(3);

    private static readonly string[] Singletons = ["audit-anchor", "idempotency-key-sweeper", "notification-dispatcher", "release-facts-projector"];

    private string _database = "";

    public async Task InitializeAsync() => _database = await server.CreateDatabaseAsync();

    public Task DisposeAsync() => server.DropDatabaseAsync(_database);

    [Fact]
    public async Task Singletons_TwoNodes_EachRunsOnOneAndTheOtherTakesOverWhenItStops()
    {
        var a = new TestPortal(Settings("node-a"));
        var b = new TestPortal(Settings("node-b"));
        TestPortal? stopped = null;
        try
        {
            var holders = await Poll.UntilAsync(() => HoldersAsync(a, null, a, b), "every singleton held by one node, the other standing by");
            Assert.Equal(Singletons, holders.Keys.Order(StringComparer.Ordinal));

            // The facts projector's holder projects the other node's releases too.
            var projector = holders["release-facts-projector"];
            var (holder, other) = projector == "node-a" ? (a, b) : (b, a);
            var id = await other.Client.CreateReleaseAsync("quick-canary", "5.0.0");
            await other.Client.WaitForStateAsync(id, "Promoted", TimeSpan.FromSeconds(120));
            await Poll.UntilAsync(() => FactStateAsync(other, id, "Promoted"), "the holder to project the release driven by the other node");

            // The holder stops (gracefully: it hands its singletons back): the other takes each over within the lease.
            var clock = Stopwatch.StartNew();
            stopped = holder;
            await holder.DisposeAsync();
            var survivor = other == a ? "node-a" : "node-b";
            var after = await Poll.UntilAsync(
                () => HoldersAsync(other, survivor, other), $"{survivor} to hold every singleton", Lease * 2);
            Assert.True(clock.Elapsed < Lease, $"took over after {clock.Elapsed}, the lease is {Lease}");
            Assert.All(Singletons, name => Assert.Equal(survivor, after[name]));

            var next = await other.Client.CreateReleaseAsync("quick-canary", "5.0.1");
            await other.Client.WaitForStateAsync(next, "Promoted", TimeSpan.FromSeconds(120));
            await Poll.UntilAsync(() => FactStateAsync(other, next, "Promoted"), "the survivor to project its release");
        }
        finally
        {
            foreach (var portal in new[] { a, b }.Where(p => p != stopped))
            {
                await portal.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Singletons_HolderDiedHoldingThem_AnotherNodeWaitsForTheLeaseThenTakesOver()
    {
        // A node that died (or froze) holding every singleton: its rows stay until their lease runs out (long enough for
        // node B to start meanwhile).
        var deadLease = TimeSpan.FromSeconds(20);
        Dictionary<string, long> expiresAt;
        await using (var dead = await PortalContainer.CreateAsync("portal-singletons-", settings: new Dictionary<string, string?>(Settings("node-dead").Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)))))
        {
            var rows = dead.Get<ClusterSingletonRepository>();
            foreach (var name in Singletons)
            {
                Assert.NotNull(await rows.TryAcquireAsync(name, "node-dead", deadLease));
            }
            expiresAt = (await rows.ListAsync()).Singletons.ToDictionary(s => s.Name, s => s.ExpiresAt);
        }

        await using var portal = new TestPortal(Settings("node-b"));
        var health = portal.Services.GetRequiredService<BackgroundServiceHealth>();
        var singletons = portal.Services.GetRequiredService<ClusterSingletonRepository>();
        await Poll.UntilAsync(
            () => Task.FromResult(Singletons.All(n => health.Services.Any(s => s.Name == n && s.State == ServiceState.Standby))),
            "node B to stand by while the dead node's lease lasts", deadLease);
        Assert.All((await singletons.ListAsync()).Singletons, s => Assert.Equal("node-dead", s.NodeId));

        var taken = await Poll.UntilAsync(() => HoldersAsync(portal, "node-b", portal), "node B to take every singleton over", deadLease + Lease * 2);
        var (now, rows2) = await singletons.ListAsync();
        Assert.All(Singletons, name => Assert.Equal("node-b", taken[name]));
        // Taken no earlier than the lease ran out, and within a poll of it.
        Assert.All(rows2, s => Assert.True(s.AcquiredAt >= expiresAt[s.Name], $"{s.Name} taken at {s.AcquiredAt}, the dead node's lease ran until {expiresAt[s.Name]}"));
        Assert.All(rows2, s => Assert.True(s.AcquiredAt - expiresAt[s.Name] < Lease.TotalMilliseconds, $"{s.Name} taken {s.AcquiredAt - expiresAt[s.Name]} ms after the lease ran out"));
        Assert.True(now >= rows2.Max(s => s.AcquiredAt));
    }

    /// <summary>
    /// The holder of each singleton once every one is held (by <paramref name="holder"/>, when given) under a lease that
    /// has not run out, and each of <paramref name="nodes"/> runs those it holds and stands by for the others; null
    /// while that is not yet so.
    /// </summary>
    private static async Task<Dictionary<string, string>?> HoldersAsync(TestPortal reader, string? holder, params TestPortal[] nodes)
    {
        var (now, rows) = await reader.Services.GetRequiredService<ClusterSingletonRepository>().ListAsync();
        var holders = rows.Where(r => r.NodeId is not null && r.ExpiresAt > now).ToDictionary(r => r.Name, r => r.NodeId!);
        if (!Singletons.All(holders.ContainsKey) || (holder is not null && holders.Values.Any(h => h != holder)))
        {
            return null;
        }
        foreach (var node in nodes)
        {
            var id = node.Services.GetRequiredService<PortalRelease.Portal.Cluster.NodeIdentity>().Id;
            var states = node.Services.GetRequiredService<BackgroundServiceHealth>().Services.ToDictionary(s => s.Name, s => s.State);
            foreach (var name in Singletons)
            {
                // The holder's service is Starting until it has done its first real work (the sweeper's is hourly).
                var state = states.GetValueOrDefault(name, ServiceState.Failed);
                if (holders[name] == id ? state is not (ServiceState.Starting or ServiceState.Running) : state != ServiceState.Standby)
                {
                    return null;
                }
            }
        }
        return holders;
    }

    private static async Task<bool> FactStateAsync(TestPortal portal, string releaseId, string state)
    {
        var facts = portal.Services.GetRequiredService<ReleaseFactsRepository>();
        await using var connection = await facts.OpenAsync();
        var loaded = await ReleaseFactsRepository.LoadAsync(connection, [releaseId], CancellationToken.None);
        return loaded.TryGetValue(releaseId, out var fact) && fact.State == state;
    }

    private Dictionary<string, string> Settings(string node) => new(server.PortalSettings(_database))
    {
        ["Portal:Cluster:NodeId"] = node,
        ["Portal:Cluster:LeaseTime"] = Lease.ToString(),
        ["Portal:Cluster:PollInterval"] = "00:00:00.500",
        ["Portal:SeedDemoHistory"] = "false",
    };
}
