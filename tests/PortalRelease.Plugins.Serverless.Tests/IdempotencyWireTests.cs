using PortalRelease.Plugins.Serverless.Tests.FakeLambda;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Serverless.Tests;

/// <summary>Repeats send nothing: a known key returns at once, a lost key finds the published version and the routing in place.</summary>
public sealed class IdempotencyWireTests : IAsyncLifetime
{
    private LambdaHarness _lambda = null!;

    public async Task InitializeAsync() => _lambda = await LambdaHarness.StartAsync();

    public async Task DisposeAsync() => await _lambda.DisposeAsync();

    [Fact]
    public async Task A_repeated_key_sends_no_request_at_all()
    {
        await _lambda.ApplyAsync("k-canary", "1.1.0", Cohorts.Canary, 10);
        _lambda.Server.ClearRequests();

        var again = await _lambda.ApplyAsync("k-canary", "1.1.0", Cohorts.Canary, 50);

        Assert.Equal(ApplyOutcome.AlreadyApplied, again.Outcome);
        Assert.Empty(_lambda.Server.Requests);
        Assert.Equal(("1", "2", 0.1), _lambda.State.Routing(LambdaHarness.Function, LambdaHarness.Alias));
    }

    [Fact]
    public async Task The_key_survives_a_restart_of_the_driver()
    {
        await _lambda.ApplyAsync("k-canary", "1.1.0", Cohorts.Canary, 10);
        using var restarted = _lambda.NewDriver();
        _lambda.Server.ClearRequests();

        var again = await restarted.ApplyAsync(_lambda.Target(),
            new ApplyRequest { ReleaseId = "r-1", Version = "1.1.0", Cohort = Cohorts.Canary, Weight = 10, IdempotencyKey = "k-canary" }, CancellationToken.None);

        Assert.Equal(ApplyOutcome.AlreadyApplied, again.Outcome);
        Assert.Empty(_lambda.Server.Requests);
    }

    [Fact]
    public async Task A_repeat_without_the_key_record_publishes_nothing_and_changes_nothing()
    {
        await _lambda.ApplyAsync("k-canary", "1.1.0", Cohorts.Canary, 10);
        var elsewhere = Directory.CreateTempSubdirectory("portalrelease-lambda-lost-").FullName;
        try
        {
            using var forgetful = _lambda.NewDriver(elsewhere);
            _lambda.Server.ClearRequests();

            var again = await forgetful.ApplyAsync(_lambda.Target(),
                new ApplyRequest { ReleaseId = "r-1", Version = "1.1.0", Cohort = Cohorts.Canary, Weight = 10, IdempotencyKey = "k-canary" }, CancellationToken.None);

            Assert.Equal(ApplyOutcome.Applied, again.Outcome);
            Assert.Contains("nothing changed", again.Detail, StringComparison.Ordinal);
            Assert.Empty(_lambda.Server.Writes);
            Assert.Equal(2, _lambda.State.Read(LambdaHarness.Function, f => f.Versions.Count));
        }
        finally
        {
            Directory.Delete(elsewhere, recursive: true);
        }
    }

    [Fact]
    public async Task A_call_cut_off_while_lambda_updates_resumes_by_waiting_for_that_update()
    {
        _lambda.State.UpdateReadsInProgress = 1000;
        using var cut = new CancellationTokenSource();
        var request = new ApplyRequest { ReleaseId = "r-1", Version = "1.1.0", Cohort = Cohorts.Canary, Weight = 10, IdempotencyKey = "k-canary" };
        var first = _lambda.Driver.ApplyAsync(_lambda.Target(), request, cut.Token);
        await _lambda.WaitUntilAsync(() => _lambda.Server.Requests.Count(r => r.Operation == "GetFunctionConfiguration") >= 2, "the update being awaited");
        await cut.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        _lambda.State.Change(LambdaHarness.Function, f => f.ReadsUntilUpdateDone = 1);
        _lambda.Server.ClearRequests();

        var resumed = await _lambda.Driver.ApplyAsync(_lambda.Target(), request, CancellationToken.None);

        Assert.Equal(ApplyOutcome.Applied, resumed.Outcome);
        Assert.Equal(["PublishVersion", "UpdateAlias"], _lambda.Server.Writes.Select(w => w.Operation));
        Assert.Equal(("1", "2", 0.1), _lambda.State.Routing(LambdaHarness.Function, LambdaHarness.Alias));
    }

    [Fact]
    public async Task A_call_that_failed_after_publishing_is_resumed_without_publishing_again()
    {
        _lambda.Server.FailNext("UpdateAlias", new LambdaError(400, "InvalidParameterValueException", "Simulated failure after publish."));
        await Assert.ThrowsAsync<DriverException>(() => _lambda.ApplyAsync("k-canary", "1.1.0", Cohorts.Canary, 10));
        _lambda.Server.ClearRequests();

        var resumed = await _lambda.ApplyAsync("k-canary", "1.1.0", Cohorts.Canary, 10);

        Assert.Equal(ApplyOutcome.Applied, resumed.Outcome);
        Assert.Equal(["UpdateAlias"], _lambda.Server.Writes.Select(w => w.Operation));
        Assert.Equal(("1", "2", 0.1), _lambda.State.Routing(LambdaHarness.Function, LambdaHarness.Alias));
    }
}
