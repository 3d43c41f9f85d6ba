using PortalRelease.Sdk;
using PortalRelease.Sdk.Testing;

namespace PortalRelease.Plugins.Cdn.Tests;

/// <summary>
/// Two portal nodes (the plugin loaded twice) sharing the host's locks: while one node is mid-call on a Fastly service,
/// the node that adopted the release waits instead of cloning a version too, then recognises the key.
/// </summary>
public sealed class ClusterLockTests : IAsyncLifetime
{
    private FastlyHarness _fastly = null!;

    public async Task InitializeAsync() => _fastly = await FastlyHarness.StartAsync(new InMemoryPluginState());

    public async Task DisposeAsync() => await _fastly.DisposeAsync();

    [Fact]
    public async Task Apply_OtherNodeMidCallOnTheService_WaitsSendingNothingThenFindsTheKey()
    {
        var nodeB = _fastly.NewNodeDriver();
        using var nodeAInside = new ManualResetEventSlim();
        using var letNodeAGo = new ManualResetEventSlim();
        var first = true;
        // Node A's first request is held on the server: node A is inside its call, holding the service.
        _fastly.Server.AfterRequest = _ =>
        {
            if (first)
            {
                first = false;
                nodeAInside.Set();
                letNodeAGo.Wait(TimeSpan.FromSeconds(30));
            }
        };
        var nodeA = _fastly.ApplyAsync("k-stable", "1.0.0", Cohorts.Stable, 100);
        Assert.True(nodeAInside.Wait(TimeSpan.FromSeconds(30)), "Node A never reached Fastly.");
        var seen = _fastly.Server.Requests.Count;

        using (var giveUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(500)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => nodeB.ApplyAsync(_fastly.Target(),
                new ApplyRequest { ReleaseId = FastlyHarness.Release, Version = "1.0.0", Cohort = Cohorts.Stable, Weight = 100, IdempotencyKey = "k-stable" }, giveUp.Token));
        }
        Assert.Equal(seen, _fastly.Server.Requests.Count);

        letNodeAGo.Set();
        Assert.Equal(ApplyOutcome.Applied, (await nodeA.WaitAsync(TimeSpan.FromSeconds(30))).Outcome);
        var again = await nodeB.ApplyAsync(_fastly.Target(),
            new ApplyRequest { ReleaseId = FastlyHarness.Release, Version = "1.0.0", Cohort = Cohorts.Stable, Weight = 100, IdempotencyKey = "k-stable" }, CancellationToken.None);
        Assert.Equal(ApplyOutcome.AlreadyApplied, again.Outcome);
        (nodeB as IDisposable)?.Dispose();
    }
}
