using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using PortalRelease.Sdk;
using PortalRelease.Sdk.Testing;

namespace PortalRelease.Plugins.Sandbox.Tests;

/// <summary>
/// The Sandbox over a host's shared state (two plugin instances as two portal nodes): metric queries, the many small reads
/// of analysis, replay other nodes' actions at most once a second rather than reading the store on every query.
/// </summary>
public sealed class SharedStateTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(SandboxHarness.Epoch);
    private readonly InMemoryPluginState _shared = new();
    private readonly CountingStore _counting;
    private readonly string _folderA = Directory.CreateTempSubdirectory("sandbox-node-a-").FullName;
    private readonly string _folderB = Directory.CreateTempSubdirectory("sandbox-node-b-").FullName;

    public SharedStateTests()
    {
        _counting = new CountingStore(_shared);
    }

    [Fact]
    public async Task Metrics_QueriedOftenWithinASecond_ListTheStoreOnceAndStillSeeOtherNodesAfterIt()
    {
        var nodeA = Register(_folderA, _counting);
        var nodeB = Register(_folderB, _shared);
        var target = new TargetContext { Name = "sbx", Kind = "sandbox", Settings = JsonDocument.Parse("{}").RootElement.Clone() };
        await nodeA.Driver("sandbox").ApplyAsync(target, Request("k1", "2.0.0", 20), CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(5));
        var source = nodeA.MetricSources.Single();
        MetricQuery Query() => new() { Target = target, Metric = "requests-total", Cohort = Cohorts.Canary, Start = SandboxHarness.Epoch, End = _time.GetUtcNow() };

        await source.QueryAsync(Query(), CancellationToken.None);
        var lists = _counting.Lists;
        for (var i = 0; i < 50; i++)
        {
            await source.QueryAsync(Query(), CancellationToken.None);
        }
        Assert.Equal(lists, _counting.Lists);

        // Node B moves the canary; a second later node A's metrics simulate B's weight.
        await nodeB.Driver("sandbox").ApplyAsync(target, Request("k2", "2.0.0", 50), CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(2));
        await source.QueryAsync(Query(), CancellationToken.None);
        Assert.Equal(lists + 1, _counting.Lists);
        // Status is always read fresh: the engine checks it right after a call.
        var status = await nodeA.Driver("sandbox").GetStatusAsync(target, CancellationToken.None);
        Assert.Equal(("2.0.0", 50), (status.CanaryVersion, status.CanaryWeight));
    }

    public void Dispose()
    {
        Directory.Delete(_folderA, recursive: true);
        Directory.Delete(_folderB, recursive: true);
    }

    private static ApplyRequest Request(string key, string version, int weight) =>
        new() { ReleaseId = "rel-1", Version = version, Cohort = Cohorts.Canary, Weight = weight, IdempotencyKey = key };

    private FakePluginRegistrar Register(string folder, IPluginStateStore state) =>
        FakePluginRegistrar.Register(new SandboxPlugin(), new PluginHostContext { DataDirectory = folder, Time = _time, State = state, Locks = _shared });

    /// <summary>The shared store, counting how often a node lists it.</summary>
    private sealed class CountingStore(IPluginStateStore inner) : IPluginStateStore
    {
        private int _lists;

        public int Lists => Volatile.Read(ref _lists);

        public Task<PluginStateEntry?> GetAsync(string key, CancellationToken cancellationToken) => inner.GetAsync(key, cancellationToken);

        public Task<long> SetAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken) => inner.SetAsync(key, value, cancellationToken);

        public Task<long?> TryAddAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken) => inner.TryAddAsync(key, value, cancellationToken);

        public Task<long?> TrySetAsync(string key, long expectedVersion, ReadOnlyMemory<byte> value, CancellationToken cancellationToken) =>
            inner.TrySetAsync(key, expectedVersion, value, cancellationToken);

        public Task<bool> DeleteAsync(string key, long? expectedVersion, CancellationToken cancellationToken) => inner.DeleteAsync(key, expectedVersion, cancellationToken);

        public Task<IReadOnlyList<PluginStateEntry>> ListAsync(string prefix, string? after, int limit, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _lists);
            return inner.ListAsync(prefix, after, limit, cancellationToken);
        }
    }
}
