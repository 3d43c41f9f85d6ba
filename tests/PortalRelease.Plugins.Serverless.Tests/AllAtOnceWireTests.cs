using System.Text.Json;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Serverless.Tests;

/// <summary>A function without the alias: all at once creates it, a canary is refused, a rollback to nothing deletes it.</summary>
public sealed class AllAtOnceWireTests : IAsyncLifetime
{
    private const string Fn = "/2015-03-31/functions/checkout-api";
    private LambdaHarness _lambda = null!;

    public async Task InitializeAsync() => _lambda = await LambdaHarness.StartAsync(withAlias: false);

    public async Task DisposeAsync() => await _lambda.DisposeAsync();

    [Fact]
    public async Task All_at_once_publishes_and_creates_the_alias_on_the_version()
    {
        var result = await _lambda.ApplyAsync("k-all", "1.1.0", Cohorts.Stable, 100, DeploymentStrategy.AllAtOnce);

        Assert.Equal(ApplyOutcome.Applied, result.Outcome);
        Assert.Equal(
            [$"PUT {Fn}/code", $"POST {Fn}/versions", $"POST {Fn}/aliases"],
            _lambda.Server.Writes.Select(r => r.Line));
        Assert.Equal(404, _lambda.Server.Requests.Single(r => r.Operation == "GetAlias").Status);
        using var body = JsonDocument.Parse(_lambda.Server.Writes[^1].Body);
        Assert.Equal("live", body.RootElement.GetProperty("Name").GetString());
        Assert.Equal("1", body.RootElement.GetProperty("FunctionVersion").GetString());
        Assert.Equal("1.1.0", (await _lambda.StatusAsync()).StableVersion);
    }

    [Fact]
    public async Task Status_without_the_alias_reads_the_function_and_says_so()
    {
        var status = await _lambda.StatusAsync();

        Assert.Null(status.StableVersion);
        Assert.Equal(TargetHealth.Healthy, status.Health);
        Assert.Contains("does not exist yet", status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_canary_without_the_alias_is_refused_and_changes_nothing()
    {
        var error = await Assert.ThrowsAsync<DriverException>(() => _lambda.ApplyAsync("k-canary", "1.1.0", Cohorts.Canary, 10));

        Assert.Contains("Alias 'live'", error.Message, StringComparison.Ordinal);
        Assert.Empty(_lambda.Server.Writes);
    }

    [Fact]
    public async Task Rollback_to_nothing_deletes_the_alias_the_release_created()
    {
        await _lambda.ApplyAsync("k-all", "1.1.0", Cohorts.Stable, 100, DeploymentStrategy.AllAtOnce);

        var result = await _lambda.RollbackAsync("k-rollback", "1.1.0", null);

        Assert.Equal(ApplyOutcome.Applied, result.Outcome);
        Assert.Equal($"DELETE {Fn}/aliases/live", _lambda.Server.Writes[^1].Line);
        Assert.Equal(204, _lambda.Server.Writes[^1].Status);
        Assert.Null(_lambda.State.Routing(LambdaHarness.Function, LambdaHarness.Alias));
    }

    [Theory]
    [InlineData(DeploymentStrategy.BlueGreen, "preview", 0)]
    [InlineData(DeploymentStrategy.Rolling, "stable", 50)]
    [InlineData(DeploymentStrategy.Canary, "mirror", 10)]
    [InlineData(DeploymentStrategy.Canary, "stable", 40)]
    [InlineData(DeploymentStrategy.AllAtOnce, "canary", 100)]
    public async Task What_the_driver_does_not_declare_is_refused_before_any_request(DeploymentStrategy strategy, string cohort, int weight)
    {
        await Assert.ThrowsAsync<DriverException>(() => _lambda.ApplyAsync("k-x", "1.1.0", cohort, weight, strategy));

        Assert.Empty(_lambda.Server.Requests);
    }
}
