using PortalRelease.Sdk;
using PortalRelease.Sdk.Testing;

namespace Samples.NginxUpstream.Tests;

public sealed class UpstreamConfigTests : IDisposable
{
    private readonly TestPluginHost _host = new();
    private readonly NginxFolder _nginx = new();
    private readonly ITargetDriver _driver;

    public UpstreamConfigTests()
    {
        _host.Policy.Roots[NginxUpstreamPlugin.Kind] = _nginx.Path;
        _host.Policy.Enable(NginxUpstreamPlugin.Kind, "reload");
        _driver = _host.Register(new NginxUpstreamPlugin()).Driver(NginxUpstreamPlugin.Kind);
    }

    public void Dispose()
    {
        _nginx.Dispose();
        _host.Dispose();
    }

    [Fact]
    public async Task A_canary_writes_both_servers_with_their_weights_and_reloads()
    {
        await using var nginx = await FakeNginx.StartAsync(_nginx);
        var target = _nginx.Target(_nginx.SettingsJson(nginx.PidPath));
        await Apply(target, "k1", "1.0.0", Cohorts.Stable, 100);
        await nginx.WaitForReloadsAsync(1);
        await Apply(target, "k2", "1.1.0", Cohorts.Canary, 10);
        await nginx.WaitForReloadsAsync(2);

        const string expected = """
            # Written by PortalRelease for target 'web'. Changes made by hand are overwritten.
            # stable 1.0.0, canary 1.1.0 at 10%
            upstream app {
                server 10.0.0.1:8080 weight=90;
                server 10.0.0.2:8080 weight=10;
            }

            """;
        Assert.Equal(expected.ReplaceLineEndings("\n"), NginxFolder.Read(_nginx.ConfigPath));
        Assert.Equal(expected.ReplaceLineEndings("\n"), NginxFolder.Read(_nginx.ReloadedPath));
    }

    [Fact]
    public async Task A_promotion_leaves_only_the_stable_server()
    {
        var target = _nginx.Target();
        await Apply(target, "k1", "1.0.0", Cohorts.Stable, 100);
        await Apply(target, "k2", "1.1.0", Cohorts.Canary, 50);
        await Apply(target, "k3", "1.1.0", Cohorts.Stable, 100);

        var config = NginxFolder.Read(_nginx.ConfigPath)!;

        Assert.Contains("    server 10.0.0.1:8080 weight=100;\n}", config, StringComparison.Ordinal);
        Assert.DoesNotContain("10.0.0.2", config, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_reload_puts_the_previous_file_back_and_changes_nothing()
    {
        var good = _nginx.Target();
        await Apply(good, "k1", "1.0.0", Cohorts.Stable, 100);
        var before = NginxFolder.Read(_nginx.ConfigPath);
        // nginx is not running: its pid file is missing.
        var failing = _nginx.Target(_nginx.SettingsJson(pidPath: "nginx.pid"));

        var ex = await Assert.ThrowsAsync<DriverException>(() => Apply(failing, "k2", "1.1.0", Cohorts.Canary, 10));

        Assert.Contains("could not be read: is nginx started?", ex.Message, StringComparison.Ordinal);
        Assert.True(ex.IsTransient);
        Assert.Equal(before, NginxFolder.Read(_nginx.ConfigPath));
        var status = await _driver.GetStatusAsync(good, CancellationToken.None);
        Assert.Equal(("1.0.0", (string?)null, TargetHealth.Healthy), (status.StableVersion, status.CanaryVersion, status.Health));
        Assert.Equal(ApplyOutcome.Applied, (await Apply(good, "k2", "1.1.0", Cohorts.Canary, 10)).Outcome);
    }

    [Fact]
    public async Task A_file_edited_by_hand_makes_the_target_degraded()
    {
        var target = _nginx.Target();
        await Apply(target, "k1", "1.0.0", Cohorts.Stable, 100);
        await File.AppendAllTextAsync(_nginx.ConfigPath, "# hand edit\n");

        var status = await _driver.GetStatusAsync(target, CancellationToken.None);

        Assert.Equal(TargetHealth.Degraded, status.Health);
        Assert.Contains("changed outside the portal", status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Done_keys_survive_a_new_plugin_instance()
    {
        var target = _nginx.Target();
        await Apply(target, "k1", "1.0.0", Cohorts.Stable, 100);
        var restarted = FakePluginRegistrar.Register(new NginxUpstreamPlugin(), _host.Context).Driver(NginxUpstreamPlugin.Kind);

        var again = await restarted.ApplyAsync(target, Request("k1", "1.0.0", Cohorts.Stable, 100), CancellationToken.None);

        Assert.Equal(ApplyOutcome.AlreadyApplied, again.Outcome);
        Assert.Equal("1.0.0", (await restarted.GetStatusAsync(target, CancellationToken.None)).StableVersion);
    }

    [Fact]
    public async Task Invalid_settings_name_each_problem_by_path()
    {
        var errors = await _driver.ValidateSettingsAsync(
            TargetContexts.ParseSettings("""{"configPath":"../x.conf","upstream":"a b","stableServer":"nope","extra":1,"reloadCommand":["nginx",3]}"""),
            CancellationToken.None);

        Assert.Equal(["/extra", "/reloadCommand", "/configPath", "/upstream", "/stableServer", "/canaryServer"], errors.Select(e => e.Path));
    }

    private Task<ApplyResult> Apply(TargetContext target, string key, string version, string cohort, int weight) =>
        _driver.ApplyAsync(target, Request(key, version, cohort, weight), CancellationToken.None);

    private static ApplyRequest Request(string key, string version, string cohort, int weight) =>
        new() { ReleaseId = "rel-1", Version = version, Cohort = cohort, Weight = weight, IdempotencyKey = key };
}
