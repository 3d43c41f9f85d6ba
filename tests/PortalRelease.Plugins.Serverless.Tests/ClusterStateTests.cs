using PortalRelease.Sdk;
using PortalRelease.Sdk.Testing;

namespace PortalRelease.Plugins.Serverless.Tests;

/// <summary>
/// Two portal nodes (two drivers, each with its own data folder) sharing the host's state store: a key one node applied
/// is known to the node that adopts the release, so the re-issue sends Lambda nothing.
/// </summary>
public sealed class ClusterStateTests : IAsyncLifetime
{
    private readonly InMemoryPluginState _shared = new();
    private readonly string _otherFolder = Directory.CreateTempSubdirectory("portalrelease-lambda-node-b-").FullName;
    private LambdaHarness _lambda = null!;

    public async Task InitializeAsync() => _lambda = await LambdaHarness.StartAsync();

    public async Task DisposeAsync()
    {
        await _lambda.DisposeAsync();
        Directory.Delete(_otherFolder, recursive: true);
    }

    [Fact]
    public async Task Apply_KeyAppliedOnNodeA_IsAlreadyAppliedOnNodeBAndSendsNothing()
    {
        using var nodeA = _lambda.NewDriver(shared: _shared);
        using var nodeB = _lambda.NewDriver(_otherFolder, _shared);
        var request = new ApplyRequest { ReleaseId = "r-1", Version = "1.1.0", Cohort = Cohorts.Canary, Weight = 10, IdempotencyKey = "k-canary" };

        Assert.Equal(ApplyOutcome.Applied, (await nodeA.ApplyAsync(_lambda.Target(), request, CancellationToken.None)).Outcome);
        _lambda.Server.ClearRequests();
        var again = await nodeB.ApplyAsync(_lambda.Target(), request, CancellationToken.None);

        Assert.Equal(ApplyOutcome.AlreadyApplied, again.Outcome);
        Assert.Empty(_lambda.Server.Requests);
        // The shared store holds it, not node A's folder.
        Assert.Empty(Directory.GetFiles(_lambda.DataDirectory, "*.lambda-keys.jsonl"));
        Assert.NotNull(await _shared.GetAsync("applied/lambda-eu/k-canary", CancellationToken.None));
    }

    [Fact]
    public async Task Apply_OtherNodeHoldsTheTarget_WaitsSendingNothingThenApplies()
    {
        using var nodeB = _lambda.NewDriver(_otherFolder, _shared);
        using var nodeA = _lambda.NewDriver(shared: _shared);
        var request = new ApplyRequest { ReleaseId = "r-1", Version = "1.1.0", Cohort = Cohorts.Canary, Weight = 10, IdempotencyKey = "k-canary" };

        // Node A is mid-call on the target (it holds the target's lock): node B's re-issue waits instead of calling Lambda too.
        var held = await _shared.AcquireAsync("target/lambda-eu", TimeSpan.FromSeconds(5), CancellationToken.None);
        using (var giveUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(500)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => nodeB.ApplyAsync(_lambda.Target(), request, giveUp.Token));
        }
        Assert.Empty(_lambda.Server.Requests);
        await held.DisposeAsync();

        Assert.Equal(ApplyOutcome.Applied, (await nodeB.ApplyAsync(_lambda.Target(), request, CancellationToken.None)).Outcome);
        Assert.Equal(ApplyOutcome.AlreadyApplied, (await nodeA.ApplyAsync(_lambda.Target(), request, CancellationToken.None)).Outcome);
    }
}
