using System.Net;
using Microsoft.AspNetCore.Http;
using PortalRelease.Sdk;
using PortalRelease.Sdk.Testing;

namespace Samples.HttpWebhook.Tests;

/// <summary>The exact HTTP exchanges of the webhook driver, against a real loopback endpoint.</summary>
public sealed class WireTests : IAsyncLifetime
{
    private readonly TestPluginHost _host = new();
    private readonly FakeDeployEndpoint _endpoint = new();
    private ITargetDriver _driver = null!;
    private TargetContext _target = null!;

    public async Task InitializeAsync()
    {
        await _endpoint.StartAsync();
        _driver = _host.Register(new HttpWebhookPlugin()).Driver(HttpWebhookPlugin.Kind);
        _target = Target($$"""{"url":"{{_endpoint.Url}}","timeoutSeconds":5}""");
    }

    public async Task DisposeAsync()
    {
        ((IDisposable)_driver).Dispose();
        await _endpoint.DisposeAsync();
        _host.Dispose();
    }

    [Fact]
    public async Task Apply_posts_the_deployment_as_json_with_the_key_and_token_headers()
    {
        var result = await _driver.ApplyAsync(_target, Request("key-1", "2.0.0", Cohorts.Canary, 10), CancellationToken.None);

        Assert.Equal(ApplyOutcome.Applied, result.Outcome);
        var request = Assert.Single(_endpoint.Requests);
        Assert.Equal(
            new RecordedRequest("POST", "/deploy", "key-1", "Bearer s3cret", "application/json; charset=utf-8",
                """{"action":"apply","target":"web","releaseId":"rel-7","version":"2.0.0","cohort":"canary","weight":10}"""),
            request);
    }

    [Fact]
    public async Task Rollback_posts_the_versions_to_move_between()
    {
        await _driver.RollbackAsync(_target, new RollbackRequest { ReleaseId = "rel-7", FromVersion = "2.0.0", ToVersion = "1.9.0", IdempotencyKey = "key-2" }, CancellationToken.None);

        var request = Assert.Single(_endpoint.Requests);
        Assert.Equal("key-2", request.IdempotencyKey);
        Assert.Equal("""{"action":"rollback","target":"web","releaseId":"rel-7","fromVersion":"2.0.0","toVersion":"1.9.0"}""", request.Body);
    }

    [Fact]
    public async Task A_replayed_key_is_sent_again_and_reported_as_already_applied()
    {
        await _driver.ApplyAsync(_target, Request("key-1", "2.0.0", Cohorts.Stable, 100), CancellationToken.None);

        var again = await _driver.ApplyAsync(_target, Request("key-1", "2.0.0", Cohorts.Stable, 100), CancellationToken.None);

        Assert.Equal(ApplyOutcome.AlreadyApplied, again.Outcome);
        Assert.Equal(["key-1", "key-1"], _endpoint.Requests.Select(r => r.IdempotencyKey));
        Assert.Equal("stable=2.0.0 canary= weight=0 changes=1", _endpoint.Snapshot());
    }

    [Fact]
    public async Task Status_is_read_with_a_get()
    {
        await _driver.ApplyAsync(_target, Request("key-1", "1.0.0", Cohorts.Stable, 100), CancellationToken.None);
        await _driver.ApplyAsync(_target, Request("key-2", "1.1.0", Cohorts.Canary, 20), CancellationToken.None);

        var status = await _driver.GetStatusAsync(_target, CancellationToken.None);

        Assert.Equal(("1.0.0", "1.1.0", 20, TargetHealth.Healthy, "2 changes"), (status.StableVersion, status.CanaryVersion, status.CanaryWeight, status.Health, status.Detail));
        Assert.Equal(("GET", "", null), (_endpoint.Requests[^1].Method, _endpoint.Requests[^1].Body, _endpoint.Requests[^1].IdempotencyKey));
    }

    [Theory]
    [InlineData(503, true)]
    [InlineData(429, true)]
    [InlineData(409, true)]
    [InlineData(400, false)]
    [InlineData(403, false)]
    public async Task An_error_status_is_a_driver_exception_with_the_answer(int status, bool transient)
    {
        _endpoint.Intercept = async context =>
        {
            context.Response.StatusCode = status;
            await context.Response.WriteAsync("pipeline 'web' is locked");
            return true;
        };

        var ex = await Assert.ThrowsAsync<DriverException>(() => _driver.ApplyAsync(_target, Request("key-1", "2.0.0", Cohorts.Canary, 10), CancellationToken.None));

        Assert.Equal(transient, ex.IsTransient);
        Assert.Contains($"answered {status}", ex.Message, StringComparison.Ordinal);
        Assert.Contains("pipeline 'web' is locked", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_endpoint_that_does_not_answer_in_time_is_a_transient_failure()
    {
        _endpoint.Intercept = async context =>
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            return true;
        };
        var target = Target($$"""{"url":"{{_endpoint.Url}}","timeoutSeconds":0.3}""");

        var ex = await Assert.ThrowsAsync<DriverException>(() => _driver.ApplyAsync(target, Request("key-1", "2.0.0", Cohorts.Canary, 10), CancellationToken.None));

        Assert.True(ex.IsTransient);
        Assert.Contains("did not answer within 0.3 s", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_status_that_is_not_json_is_a_driver_exception()
    {
        _endpoint.Intercept = async context =>
        {
            await context.Response.WriteAsync("<html>maintenance</html>");
            return true;
        };

        var ex = await Assert.ThrowsAsync<DriverException>(() => _driver.GetStatusAsync(_target, CancellationToken.None));

        Assert.Contains("did not answer a status JSON object", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_request_sends_nothing()
    {
        await Assert.ThrowsAsync<DriverException>(() => _driver.ApplyAsync(_target, Request("key-1", "2.0.0", Cohorts.Canary, 150), CancellationToken.None));
        await Assert.ThrowsAsync<DriverException>(() => _driver.ApplyAsync(_target, Request("key-2", "2.0.0", "blue", 10), CancellationToken.None));

        Assert.Empty(_endpoint.Requests);
    }

    [Fact]
    public async Task Invalid_settings_name_each_problem_by_path()
    {
        var errors = await _driver.ValidateSettingsAsync(TargetContexts.ParseSettings("""{"url":"not a url","timeoutSeconds":"fast","retries":2}"""), CancellationToken.None);

        Assert.Equal(["/retries", "/url", "/timeoutSeconds"], errors.Select(e => e.Path));
    }

    private static TargetContext Target(string settingsJson) => new()
    {
        Name = "web",
        Kind = HttpWebhookPlugin.Kind,
        Settings = TargetContexts.ParseSettings(settingsJson),
        Secrets = new Dictionary<string, string> { ["token"] = "s3cret" },
    };

    private static ApplyRequest Request(string key, string version, string cohort, int weight) =>
        new() { ReleaseId = "rel-7", Version = version, Cohort = cohort, Weight = weight, IdempotencyKey = key };
}
