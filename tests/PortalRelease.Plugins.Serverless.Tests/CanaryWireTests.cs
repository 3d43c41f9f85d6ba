using System.Text.Json;
using PortalRelease.Plugins.Serverless.Tests.FakeLambda;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Serverless.Tests;

/// <summary>What the driver sends to the Lambda API for a canary, a promotion and a rollback, request by request.</summary>
public sealed class CanaryWireTests : IAsyncLifetime
{
    private const string Fn = "/2015-03-31/functions/checkout-api";
    private LambdaHarness _lambda = null!;

    public async Task InitializeAsync() => _lambda = await LambdaHarness.StartAsync();

    public async Task DisposeAsync() => await _lambda.DisposeAsync();

    [Fact]
    public async Task Canary_publishes_the_version_from_s3_and_routes_its_weight_through_the_alias()
    {
        var result = await _lambda.ApplyAsync("k-canary", "1.1.0", Cohorts.Canary, 10);

        Assert.Equal(ApplyOutcome.Applied, result.Outcome);
        var requests = _lambda.Server.Requests;
        Assert.Equal(
            [
                $"GET {Fn}/aliases/live",
                $"GET {Fn}/versions",
                $"PUT {Fn}/code",
                $"GET {Fn}/configuration",
                $"POST {Fn}/versions",
                $"PUT {Fn}/aliases/live",
            ],
            requests.Select(r => r.Line));
        Assert.All(requests, r => Assert.InRange(r.Status, 200, 299));
        Assert.Equal("50", requests[1].Query["MaxItems"]);
        Assert.Equal("""{"S3Bucket":"builds","S3Key":"checkout/1.1.0.zip","Publish":false}""", requests[2].Body);
        var latest = _lambda.State.Read(LambdaHarness.Function, f => (f.CodeSha256, f.RevisionId));
        using (var publish = JsonDocument.Parse(requests[4].Body))
        {
            Assert.Equal(
                [("CodeSha256", latest.CodeSha256), ("Description", "portalrelease:1.1.0"), ("RevisionId", latest.RevisionId)],
                publish.RootElement.EnumerateObject().Select(p => (p.Name, p.Value.GetString()!)));
        }
        using var alias = JsonDocument.Parse(requests[5].Body);
        Assert.Equal("1", alias.RootElement.GetProperty("FunctionVersion").GetString());
        Assert.Equal(0.1, alias.RootElement.GetProperty("RoutingConfig").GetProperty("AdditionalVersionWeights").GetProperty("2").GetDouble());
        Assert.True(alias.RootElement.TryGetProperty("RevisionId", out _), "The alias update must carry the revision it read.");
        Assert.Equal(("1", "2", 0.1), _lambda.State.Routing(LambdaHarness.Function, LambdaHarness.Alias));
    }

    [Fact]
    public async Task Status_during_a_canary_names_both_versions_and_the_weight()
    {
        await _lambda.ApplyAsync("k-canary", "1.1.0", Cohorts.Canary, 10);

        var status = await _lambda.StatusAsync();

        Assert.Equal("1.0.0", status.StableVersion);
        Assert.Equal("1.1.0", status.CanaryVersion);
        Assert.Equal(10, status.CanaryWeight);
        Assert.Equal(TargetHealth.Healthy, status.Health);
        Assert.True(status.Ready);
    }

    [Fact]
    public async Task A_larger_weight_only_updates_the_alias_routing()
    {
        await _lambda.ApplyAsync("k-10", "1.1.0", Cohorts.Canary, 10);
        _lambda.Server.ClearRequests();

        await _lambda.ApplyAsync("k-50", "1.1.0", Cohorts.Canary, 50);

        Assert.Equal([$"PUT {Fn}/aliases/live"], _lambda.Server.Writes.Select(r => r.Line));
        Assert.Equal(("1", "2", 0.5), _lambda.State.Routing(LambdaHarness.Function, LambdaHarness.Alias));
    }

    [Fact]
    public async Task Promote_points_the_alias_at_the_new_version_alone()
    {
        await _lambda.ApplyAsync("k-canary", "1.1.0", Cohorts.Canary, 10);
        _lambda.Server.ClearRequests();

        var result = await _lambda.ApplyAsync("k-promote", "1.1.0", Cohorts.Stable, 100);

        Assert.Equal(ApplyOutcome.Applied, result.Outcome);
        var write = Assert.Single(_lambda.Server.Writes);
        Assert.Equal($"PUT {Fn}/aliases/live", write.Line);
        using var body = JsonDocument.Parse(write.Body);
        Assert.Equal("2", body.RootElement.GetProperty("FunctionVersion").GetString());
        Assert.Empty(body.RootElement.GetProperty("RoutingConfig").GetProperty("AdditionalVersionWeights").EnumerateObject());
        Assert.Equal(("2", (string?)null, 0.0), _lambda.State.Routing(LambdaHarness.Function, LambdaHarness.Alias));
        var status = await _lambda.StatusAsync();
        Assert.Equal(("1.1.0", (string?)null, 0), (status.StableVersion, status.CanaryVersion, status.CanaryWeight));
    }

    [Fact]
    public async Task Rollback_of_a_canary_shifts_all_traffic_back_to_the_previous_version()
    {
        await _lambda.ApplyAsync("k-canary", "1.1.0", Cohorts.Canary, 25);
        _lambda.Server.ClearRequests();

        var result = await _lambda.RollbackAsync("k-rollback", "1.1.0", "1.0.0");

        Assert.Equal(ApplyOutcome.Applied, result.Outcome);
        Assert.Equal([$"GET {Fn}/versions", $"GET {Fn}/aliases/live", $"PUT {Fn}/aliases/live"], _lambda.Server.Requests.Select(r => r.Line));
        using var body = JsonDocument.Parse(_lambda.Server.Requests[^1].Body);
        Assert.Equal("1", body.RootElement.GetProperty("FunctionVersion").GetString());
        Assert.Empty(body.RootElement.GetProperty("RoutingConfig").GetProperty("AdditionalVersionWeights").EnumerateObject());
        Assert.Equal(("1", (string?)null, 0.0), _lambda.State.Routing(LambdaHarness.Function, LambdaHarness.Alias));
    }

    [Fact]
    public async Task Rollback_after_promotion_points_the_alias_at_the_previous_version()
    {
        await _lambda.ApplyAsync("k-canary", "1.1.0", Cohorts.Canary, 25);
        await _lambda.ApplyAsync("k-promote", "1.1.0", Cohorts.Stable, 100);

        await _lambda.RollbackAsync("k-rollback", "1.1.0", "1.0.0");

        Assert.Equal(("1", (string?)null, 0.0), _lambda.State.Routing(LambdaHarness.Function, LambdaHarness.Alias));
        Assert.Equal("1.0.0", (await _lambda.StatusAsync()).StableVersion);
    }

    [Fact]
    public async Task Weight_zero_removes_the_routing()
    {
        await _lambda.ApplyAsync("k-canary", "1.1.0", Cohorts.Canary, 10);

        await _lambda.ApplyAsync("k-zero", "1.1.0", Cohorts.Canary, 0);

        Assert.Equal(("1", (string?)null, 0.0), _lambda.State.Routing(LambdaHarness.Function, LambdaHarness.Alias));
        Assert.Null((await _lambda.StatusAsync()).CanaryVersion);
    }

    [Fact]
    public async Task The_update_is_awaited_until_lambda_reports_it_successful()
    {
        _lambda.State.UpdateReadsInProgress = 3;

        await _lambda.ApplyAsync("k-canary", "1.1.0", Cohorts.Canary, 10);

        var lines = _lambda.Server.Requests.Select(r => r.Operation).ToList();
        Assert.Equal(4, lines.Count(o => o == "GetFunctionConfiguration"));
        Assert.True(lines.LastIndexOf("GetFunctionConfiguration") < lines.IndexOf("PublishVersion"), "PublishVersion must wait for the update.");
    }

    [Fact]
    public async Task An_update_in_progress_elsewhere_is_waited_out_through_conflict_retries()
    {
        _lambda.State.Change(LambdaHarness.Function, f => (f.LastUpdateStatus, f.ReadsUntilUpdateDone) = ("InProgress", 2));

        var result = await _lambda.ApplyAsync("k-canary", "1.1.0", Cohorts.Canary, 10);

        Assert.Equal(ApplyOutcome.Applied, result.Outcome);
        Assert.Equal([409, 409, 200], _lambda.Server.Requests.Where(r => r.Operation == "UpdateFunctionCode").Select(r => r.Status));
    }

    [Fact]
    public async Task A_missing_function_is_lambdas_not_found_error()
    {
        var error = await Assert.ThrowsAsync<DriverException>(() => _lambda.Driver.GetStatusAsync(_lambda.Target(function: "no-such-fn"), CancellationToken.None));

        Assert.Contains("ResourceNotFoundException (HTTP 404): Function not found: arn:aws:lambda:eu-west-1:123456789012:function:no-such-fn", error.Message, StringComparison.Ordinal);
        Assert.Contains("function 'no-such-fn' (target 'lambda-eu', eu-west-1)", error.Message, StringComparison.Ordinal);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public async Task A_failed_code_update_fails_the_step_with_lambdas_reason_and_publishes_nothing()
    {
        _lambda.State.FailUpdatesWith = "The runtime parameter of nodejs12.x is no longer supported.";

        var error = await Assert.ThrowsAsync<DriverException>(() => _lambda.ApplyAsync("k-canary", "1.1.0", Cohorts.Canary, 10));

        Assert.Contains("nodejs12.x is no longer supported", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_lambda.Server.Requests, r => r.Operation is "PublishVersion" or "UpdateAlias");
    }

    [Fact]
    public async Task A_missing_package_in_s3_is_lambdas_error_and_changes_no_alias()
    {
        var error = await Assert.ThrowsAsync<DriverException>(() => _lambda.ApplyAsync("k-canary", "9.9.9", Cohorts.Canary, 10));

        Assert.Contains("InvalidParameterValueException", error.Message, StringComparison.Ordinal);
        Assert.Contains("NoSuchKey", error.Message, StringComparison.Ordinal);
        Assert.False(error.IsTransient);
        Assert.Equal(("1", (string?)null, 0.0), _lambda.State.Routing(LambdaHarness.Function, LambdaHarness.Alias));
    }

    [Fact]
    public async Task Versions_are_found_across_pages()
    {
        await _lambda.ApplyAsync("k-canary", "1.1.0", Cohorts.Canary, 10);
        _lambda.State.PageSize = 1;
        _lambda.Server.ClearRequests();

        await _lambda.RollbackAsync("k-rollback", "1.1.0", "1.0.0");

        var pages = _lambda.Server.Requests.Where(r => r.Operation == "ListVersionsByFunction").ToList();
        Assert.Equal(3, pages.Count);
        Assert.Equal(["", "page-1", "page-2"], pages.Select(p => p.Query.GetValueOrDefault("Marker", "")));
        Assert.Equal(("1", (string?)null, 0.0), _lambda.State.Routing(LambdaHarness.Function, LambdaHarness.Alias));
    }
}
