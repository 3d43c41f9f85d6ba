using System.Text.Json;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PortalRelease.Portal.Configuration;
using PortalRelease.Portal.Plugins;
using PortalRelease.Portal.Tests.Api;
using PortalRelease.Portal.Tests.Data;
using PortalRelease.Sdk;

namespace PortalRelease.Portal.Tests.Plugins;

/// <summary>
/// The real Sandbox plugin, loaded from disk by two plugin catalogs ("nodes", each with its own data folder) whose hosts
/// share one PostgreSQL database through <see cref="PluginHostContext.State"/>: what one node applied, the other knows
/// (dedup by idempotency key) and sees (the fleet's state, which its metric source simulates from).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SandboxSharedStateTests(PostgresServer server) : IAsyncLifetime
{
    private static readonly DateTimeOffset Epoch = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Epoch);
    private readonly List<IDisposable> _owned = [];
    private string _database = "";
    private PluginStateNodes? _nodes;

    public async Task InitializeAsync()
    {
        _database = await server.CreateDatabaseAsync();
        _nodes = await PluginStateNodes.CreateAsync(server.ConnectionStringFor(_database));
    }

    public async Task DisposeAsync()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            owned.Dispose();
        }
        await _nodes!.DisposeAsync();
        await server.DropDatabaseAsync(_database);
    }

    [Fact]
    public async Task Apply_SameKeyOnTwoNodes_OneAppliedOneAlreadyAppliedAndBothSeeTheCanary()
    {
        var (nodeA, _) = Node();
        var (nodeB, _) = Node();
        var target = Target("cluster-1");
        ApplyRequest Request(string key) => new() { ReleaseId = "R1", Version = "2.0.0", Cohort = Cohorts.Canary, Weight = 20, IdempotencyKey = key };

        var first = await nodeA.Driver.ApplyAsync(target, Request("R1:step-1"), CancellationToken.None);
        // Node B adopts the release and re-issues the intended action under the same key.
        var again = await nodeB.Driver.ApplyAsync(target, Request("R1:step-1"), CancellationToken.None);

        Assert.Equal(ApplyOutcome.Applied, first.Outcome);
        Assert.Equal(ApplyOutcome.AlreadyApplied, again.Outcome);
        var status = await nodeB.Driver.GetStatusAsync(target, CancellationToken.None);
        Assert.Equal(("2.0.0", 20), (status.CanaryVersion, status.CanaryWeight));

        _time.Advance(TimeSpan.FromSeconds(60));
        var canary = await nodeB.Metrics.QueryAsync(new MetricQuery
        {
            Target = target, Metric = "requests-total", Cohort = Cohorts.Canary, Start = Epoch, End = _time.GetUtcNow(),
        }, CancellationToken.None);
        Assert.True(canary.SampleSize > 0, "Node B's metric source reports no canary traffic: it does not see node A's fleet.");

        // And back: what B applies next, A sees.
        Assert.Equal(ApplyOutcome.Applied, (await nodeB.Driver.ApplyAsync(target, Request("R1:step-2"), CancellationToken.None)).Outcome);
    }

    [Fact]
    public async Task Apply_TwoNodesRaceManyKeys_EachKeyAppliedExactlyOnce()
    {
        var (nodeA, _) = Node();
        var (nodeB, _) = Node();
        var target = Target("cluster-2");

        var calls = Enumerable.Range(0, 12).SelectMany(i => new[] { nodeA, nodeB }.Select(node => Task.Run(() =>
            node.Driver.ApplyAsync(target, new ApplyRequest
            {
                ReleaseId = "R2", Version = "3.0.0", Cohort = Cohorts.Canary, Weight = 5 + i, IdempotencyKey = $"R2:{i:D2}",
            }, CancellationToken.None)))).ToList();
        var results = await Task.WhenAll(calls);

        Assert.Equal(12, results.Count(r => r.Outcome == ApplyOutcome.Applied));
        Assert.Equal(12, results.Count(r => r.Outcome == ApplyOutcome.AlreadyApplied));
        var a = await nodeA.Driver.GetStatusAsync(target, CancellationToken.None);
        var b = await nodeB.Driver.GetStatusAsync(target, CancellationToken.None);
        Assert.Equal((a.CanaryVersion, a.CanaryWeight), (b.CanaryVersion, b.CanaryWeight));
    }

    private static TargetContext Target(string name) =>
        new() { Name = name, Kind = "sandbox", Settings = JsonDocument.Parse("{}").RootElement.Clone() };

    private ((ITargetDriver Driver, IMetricSource Metrics) Plugin, TempPortalHome Home) Node()
    {
        var home = new TempPortalHome();
        _owned.Add(home);
        var options = new PortalOptions { DataDirectory = home.DataDirectory, PluginsDirectory = home.PluginsDirectory };
        var paths = new PortalPaths(Options.Create(options), new HostingEnvironment { ContentRootPath = home.Root });
        var catalog = new PluginCatalog(new McMasterPluginLoader(), paths, _time, NullLogger<PluginCatalog>.Instance, PluginTrust.Everything, HostPolicy.LoopbackOnly, _nodes!.Node());
        _owned.Add(catalog);
        var driver = catalog.FindDriver("sandbox") ?? throw new InvalidOperationException(
            $"The Sandbox did not load: {string.Join("; ", catalog.Plugins.Select(p => $"{p.Folder} {p.Status} {p.Reason}"))}");
        return ((driver, catalog.MetricSources.Single(s => s.Kind == "sandbox")), home);
    }
}
