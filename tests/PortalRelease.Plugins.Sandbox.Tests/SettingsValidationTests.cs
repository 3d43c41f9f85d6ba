using System.Text.Json;

namespace PortalRelease.Plugins.Sandbox.Tests;

public sealed class SettingsValidationTests
{
    [Theory]
    [InlineData("{}")]
    [InlineData("""{"requestsPerSecond":1000,"baseErrorRate":0,"baseLatencyMs":0.5}""")]
    [InlineData("""{"baseErrorRate":1}""")]
    [InlineData("""{"fault":{"versionPattern":"*-bad"}}""")]
    [InlineData("""{"fault":{"versionPattern":"1.2.*","afterSeconds":0,"errorRate":1,"latencyMs":0}}""")]
    [InlineData("""{"fault":null}""")]
    // The Prometheus metric source's settings ride along; that source validates them when queried.
    [InlineData("""{"prometheus":{"url":"http://prometheus:9090","queries":{"error-rate":"up"}}}""")]
    public async Task Valid_settings_have_no_errors(string json)
    {
        using var sandbox = new SandboxHarness();

        var errors = await sandbox.Driver.ValidateSettingsAsync(Parse(json), CancellationToken.None);

        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("[]", "", "must be a JSON object")]
    [InlineData("""{"requestsPerSecond":"fast"}""", "/requestsPerSecond", "number")]
    [InlineData("""{"requestsPerSecond":0}""", "/requestsPerSecond", "greater than 0")]
    [InlineData("""{"requestsPerSecond":-5}""", "/requestsPerSecond", "greater than 0")]
    [InlineData("""{"baseErrorRate":1.5}""", "/baseErrorRate", "between 0 and 1")]
    [InlineData("""{"baseErrorRate":-0.1}""", "/baseErrorRate", "between 0 and 1")]
    [InlineData("""{"baseErrorRate":null}""", "/baseErrorRate", "not null")]
    [InlineData("""{"baseLatencyMs":0}""", "/baseLatencyMs", "greater than 0")]
    [InlineData("""{"baseLatencyMs":true}""", "/baseLatencyMs", "not a boolean")]
    [InlineData("""{"requestPerSecond":100}""", "/requestPerSecond", "Unknown property 'requestPerSecond'")]
    [InlineData("""{"a/b~c":1}""", "/a~1b~0c", "Unknown property")]
    [InlineData("""{"fault":"yes"}""", "/fault", "object")]
    [InlineData("""{"fault":{}}""", "/fault/versionPattern", "Required")]
    [InlineData("""{"fault":{"errorRate":0.5}}""", "/fault/versionPattern", "Required")]
    [InlineData("""{"fault":{"versionPattern":7}}""", "/fault/versionPattern", "string")]
    [InlineData("""{"fault":{"versionPattern":" "}}""", "/fault/versionPattern", "empty")]
    [InlineData("""{"fault":{"versionPattern":"*","afterSeconds":-1}}""", "/fault/afterSeconds", "greater than or equal to 0")]
    [InlineData("""{"fault":{"versionPattern":"*","errorRate":2}}""", "/fault/errorRate", "between 0 and 1")]
    [InlineData("""{"fault":{"versionPattern":"*","latencyMs":-10}}""", "/fault/latencyMs", "greater than or equal to 0")]
    [InlineData("""{"fault":{"versionPattern":"*","latency":10}}""", "/fault/latency", "Unknown property 'latency'")]
    public async Task Invalid_settings_report_one_error_at_the_exact_path(string json, string path, string messagePart)
    {
        using var sandbox = new SandboxHarness();

        var errors = await sandbox.Driver.ValidateSettingsAsync(Parse(json), CancellationToken.None);

        var error = Assert.Single(errors);
        Assert.Equal(path, error.Path);
        Assert.Contains(messagePart, error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Every_problem_is_reported_at_once()
    {
        using var sandbox = new SandboxHarness();
        var json = """{"requestsPerSecond":0,"baseErrorRate":"x","extra":1,"fault":{"errorRate":3,"other":true}}""";

        var errors = await sandbox.Driver.ValidateSettingsAsync(Parse(json), CancellationToken.None);

        Assert.Equal(
            ["/extra", "/requestsPerSecond", "/baseErrorRate", "/fault/other", "/fault/versionPattern", "/fault/errorRate"],
            errors.Select(e => e.Path));
    }

    [Fact]
    public async Task Invalid_settings_make_status_and_metrics_fail_clearly()
    {
        using var sandbox = new SandboxHarness();
        var target = SandboxHarness.Target(settingsJson: """{"baseErrorRate":7}""");

        var ex = await Assert.ThrowsAsync<PortalRelease.Sdk.DriverException>(() => sandbox.Driver.GetStatusAsync(target, CancellationToken.None));

        Assert.Contains("/baseErrorRate", ex.Message, StringComparison.Ordinal);
    }

    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
