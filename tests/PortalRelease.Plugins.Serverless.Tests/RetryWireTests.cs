using PortalRelease.Plugins.Serverless.Tests.FakeLambda;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Serverless.Tests;

/// <summary>
/// Throttling (429 with Retry-After) and conflicts (409 while an update is in progress) are retried with a bounded
/// backoff on the host's clock; the test moves a fake clock and watches when each retry reaches the server.
/// </summary>
public sealed class RetryWireTests : IAsyncLifetime
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(100);
    private LambdaHarness _lambda = null!;

    public async Task InitializeAsync() => _lambda = await LambdaHarness.StartAsync(fakeTime: true);

    public async Task DisposeAsync() => await _lambda.DisposeAsync();

    private int Count(string operation) => _lambda.Server.Requests.Count(r => r.Operation == operation);

    [Fact]
    public async Task Throttling_is_retried_no_sooner_than_retry_after()
    {
        _lambda.Server.FailNext("GetAlias", LambdaError.Throttled(retryAfterSeconds: 3));

        var status = _lambda.StatusAsync();
        await _lambda.WaitUntilAsync(() => Count("GetAlias") == 1, "the throttled request");
        var waited = await _lambda.WaitUntilAsync(() => Count("GetAlias") == 2, "the retry", Step);

        Assert.True(waited >= TimeSpan.FromSeconds(3), $"Retried after {waited.TotalSeconds} s of the clock; Retry-After said 3.");
        Assert.Equal("1.0.0", (await status).StableVersion);
        Assert.Equal([429, 200], _lambda.Server.Requests.Where(r => r.Operation == "GetAlias").Select(r => r.Status));
    }

    [Fact]
    public async Task A_conflict_while_an_update_is_in_progress_is_retried_with_growing_backoff()
    {
        _lambda.Server.FailNext("UpdateFunctionCode", LambdaError.Conflict("An update is in progress for resource: arn:aws:lambda:eu-west-1:123456789012:function:checkout-api"), times: 2);

        var apply = _lambda.ApplyAsync("k-canary", "1.1.0", Cohorts.Canary, 10);
        await _lambda.WaitUntilAsync(() => Count("UpdateFunctionCode") == 1, "the first attempt");
        var first = await _lambda.WaitUntilAsync(() => Count("UpdateFunctionCode") == 2, "the first retry", Step);
        var second = await _lambda.WaitUntilAsync(() => Count("UpdateFunctionCode") == 3, "the second retry", Step);

        Assert.True(first >= TimeSpan.FromSeconds(1), $"First retry after {first.TotalSeconds} s; the backoff starts at 1 s.");
        Assert.True(second >= TimeSpan.FromSeconds(2), $"Second retry after {second.TotalSeconds} s; the backoff doubles.");
        Assert.Equal(ApplyOutcome.Applied, (await apply).Outcome);
        Assert.Equal([409, 409, 200], _lambda.Server.Requests.Where(r => r.Operation == "UpdateFunctionCode").Select(r => r.Status));
    }

    [Fact]
    public async Task Endless_throttling_gives_up_after_the_bound_as_a_transient_failure()
    {
        _lambda.Server.FailNext("GetAlias", LambdaError.Throttled(retryAfterSeconds: 1), times: 20);

        var status = _lambda.StatusAsync();
        await _lambda.WaitUntilAsync(() => status.IsCompleted, "the status read to give up", Step);

        var error = await Assert.ThrowsAsync<DriverException>(() => status);
        Assert.True(error.IsTransient);
        Assert.Contains("TooManyRequestsException (HTTP 429)", error.Message, StringComparison.Ordinal);
        Assert.Equal(4, Count("GetAlias"));
    }

    [Fact]
    public async Task An_error_typed_in_the_body_is_read_and_not_retried()
    {
        _lambda.Server.FailNext("GetAlias", new LambdaError(403, "AccessDeniedException",
            "User: arn:aws:iam::123456789012:user/portal is not authorized to perform: lambda:GetAlias", TypeInBody: true));

        var error = await Assert.ThrowsAsync<DriverException>(() => _lambda.StatusAsync());

        Assert.Contains("AccessDeniedException (HTTP 403)", error.Message, StringComparison.Ordinal);
        Assert.Contains("lambda:GetAlias", error.Message, StringComparison.Ordinal);
        Assert.False(error.IsTransient);
        Assert.Equal(1, Count("GetAlias"));
    }

    [Fact]
    public async Task A_conflict_on_create_alias_is_not_retried_but_updates_the_alias_that_exists()
    {
        // The alias exists, but the first read misses it (created meanwhile by someone else).
        _lambda.Server.FailNext("GetAlias", LambdaError.NotFound("Cannot find alias arn: arn:aws:lambda:eu-west-1:123456789012:function:checkout-api:live"));

        var result = await _lambda.ApplyAsync("k-all", "1.1.0", Cohorts.Stable, 100, DeploymentStrategy.AllAtOnce);

        Assert.Equal(ApplyOutcome.Applied, result.Outcome);
        Assert.Equal([409], _lambda.Server.Requests.Where(r => r.Operation == "CreateAlias").Select(r => r.Status));
        Assert.Equal(("2", (string?)null, 0.0), _lambda.State.Routing(LambdaHarness.Function, LambdaHarness.Alias));
    }
}
