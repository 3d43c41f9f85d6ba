using System.Text.Json;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Sandbox.Tests;

public sealed class PluginRegistrationTests
{
    [Fact]
    public void Registers_one_driver_and_one_metric_source_of_kind_sandbox()
    {
        using var sandbox = new SandboxHarness();

        Assert.Equal("sandbox", sandbox.Driver.Kind);
        Assert.Equal("Sandbox (simulated fleet)", sandbox.Driver.DisplayName);
        Assert.Equal(
            DriverCapabilities.WeightedCanary | DriverCapabilities.AllAtOnce | DriverCapabilities.Rolling | DriverCapabilities.BlueGreen | DriverCapabilities.TrafficMirroring | DriverCapabilities.Rollback,
            sandbox.Driver.Capabilities);
        Assert.Equal("sandbox", sandbox.Metrics.Kind);
        Assert.Equal(["error-rate", "latency-p95", "request-rate", "requests-good", "requests-total"], sandbox.Metrics.WellKnownMetrics);
    }

    [Fact]
    public void Manifest_beside_the_assembly_matches_what_the_plugin_registers()
    {
        using var sandbox = new SandboxHarness();
        var json = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, PluginManifest.FileName));

        var manifest = JsonSerializer.Deserialize<PluginManifest>(json)!;

        Assert.Equal("sandbox", manifest.Id);
        Assert.Equal("1.0.0", manifest.Version);
        Assert.Equal(SdkAbi.Version, manifest.AbiVersion);
        Assert.Equal(typeof(SandboxPlugin).Assembly.GetName().Name + ".dll", manifest.Assembly);
        Assert.False(string.IsNullOrWhiteSpace(manifest.Description));
        Assert.Equal([sandbox.Driver.Kind], manifest.TargetKinds);
        Assert.Equal([sandbox.Metrics.Kind], manifest.MetricKinds);
    }

    [Fact]
    public void Settings_schema_is_draft_2020_12_and_describes_every_setting()
    {
        using var sandbox = new SandboxHarness();

        using var schema = JsonDocument.Parse(sandbox.Driver.SettingsSchema);
        var root = schema.RootElement;

        Assert.Equal("https://json-schema.org/draft/2020-12/schema", root.GetProperty("$schema").GetString());
        Assert.Equal("object", root.GetProperty("type").GetString());
        Assert.False(root.GetProperty("additionalProperties").GetBoolean());
        var properties = root.GetProperty("properties");
        Assert.Equal(["requestsPerSecond", "baseErrorRate", "baseLatencyMs", "applyDelayMs", "prometheus", "fault"], properties.EnumerateObject().Select(p => p.Name));
        Assert.Equal(200, properties.GetProperty("requestsPerSecond").GetProperty("default").GetDouble());
        Assert.Equal(0.005, properties.GetProperty("baseErrorRate").GetProperty("default").GetDouble());
        Assert.Equal(120, properties.GetProperty("baseLatencyMs").GetProperty("default").GetDouble());
        var fault = properties.GetProperty("fault");
        Assert.Equal(["versionPattern"], fault.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["versionPattern", "afterSeconds", "errorRate", "latencyMs"], fault.GetProperty("properties").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Refuses_targets_of_another_kind()
    {
        using var sandbox = new SandboxHarness();
        var target = new TargetContext { Name = "k8s-eu", Kind = "kubernetes", Settings = JsonDocument.Parse("{}").RootElement };

        var ex = await Assert.ThrowsAsync<DriverException>(() => sandbox.Driver.GetStatusAsync(target, CancellationToken.None));

        Assert.Contains("kubernetes", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("a/b")]
    [InlineData("..")]
    public async Task Refuses_target_names_that_are_not_file_names(string name)
    {
        using var sandbox = new SandboxHarness();

        await Assert.ThrowsAsync<DriverException>(() => sandbox.ApplyAsync(SandboxHarness.Target(name), "k1", "1.0.0", Cohorts.Stable, 100));

        Assert.Empty(Directory.EnumerateFileSystemEntries(sandbox.DataDirectory));
    }
}
