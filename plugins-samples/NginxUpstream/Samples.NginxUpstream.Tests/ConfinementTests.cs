using System.Text.Json;
using PortalRelease.Sdk;
using PortalRelease.Sdk.Testing;

namespace Samples.NginxUpstream.Tests;

/// <summary>
/// A target's settings are a user's input: they may not run a program, nor write or read a host path outside the root the
/// operator gave the kind, nor signal anything but an nginx the operator let the plugin reload.
/// </summary>
public sealed class ConfinementTests : IDisposable
{
    private readonly TestPluginHost _host = new();
    private readonly NginxFolder _nginx = new();
    private readonly NginxFolder _elsewhere = new();
    private readonly ITargetDriver _driver;

    public ConfinementTests()
    {
        _host.Policy.Roots[NginxUpstreamPlugin.Kind] = _nginx.Path;
        _driver = _host.Register(new NginxUpstreamPlugin()).Driver(NginxUpstreamPlugin.Kind);
    }

    public void Dispose()
    {
        _nginx.Dispose();
        _elsewhere.Dispose();
        _host.Dispose();
    }

    [Fact]
    public async Task ReloadCommandSetting_AnyProgram_IsRefusedAndNeverRuns()
    {
        var marker = Path.Combine(_elsewhere.Path, "ran");
        var settings = Settings(s => s["reloadCommand"] = new[] { "/bin/sh", "-c", "touch \"$1\"", "sh", marker });

        var errors = await _driver.ValidateSettingsAsync(TargetContexts.ParseSettings(settings), CancellationToken.None);
        await Assert.ThrowsAsync<DriverException>(() => Apply(_nginx.Target(settings), "k1"));

        Assert.Contains(errors, e => e.Path == "/reloadCommand" && e.Message.Contains("Portal:TargetPolicy:Kinds:nginx-upstream:Features", StringComparison.Ordinal));
        Assert.False(File.Exists(marker));
        Assert.False(File.Exists(_nginx.ConfigPath));
    }

    [Fact]
    public async Task ConfigPath_OutsideTheOperatorsRoot_IsRefusedAndNotWritten()
    {
        var outside = Path.Combine(_elsewhere.Path, "evil.conf");
        var settings = Settings(s => s["configPath"] = outside);

        var errors = await _driver.ValidateSettingsAsync(TargetContexts.ParseSettings(settings), CancellationToken.None);
        var ex = await Assert.ThrowsAsync<DriverException>(() => Apply(_nginx.Target(settings), "k1"));

        Assert.Equal("/configPath", Assert.Single(errors).Path);
        Assert.Contains("/configPath", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(outside));
    }

    [Fact]
    public async Task ConfigPath_EscapingTheRootByDotDotOrLink_IsRefused()
    {
        var link = Path.Combine(_nginx.Path, "link");
        Directory.CreateSymbolicLink(link, _elsewhere.Path);

        foreach (var path in new[] { "../" + Path.GetFileName(_elsewhere.Path) + "/a.conf", "link/a.conf", _host.DataDirectory + "/a.conf" })
        {
            var errors = await _driver.ValidateSettingsAsync(TargetContexts.ParseSettings(Settings(s => s["configPath"] = path)), CancellationToken.None);
            Assert.Equal("/configPath", Assert.Single(errors).Path);
        }

        Assert.Empty(Directory.GetFiles(_elsewhere.Path));
    }

    [Fact]
    public async Task ConfigPath_RelativeToTheRoot_IsWrittenThere()
    {
        var target = _nginx.Target(Settings(s => s["configPath"] = "app-upstream.conf"));

        await Apply(target, "k1");

        Assert.Contains("server 10.0.0.1:8080 weight=100;", NginxFolder.Read(_nginx.ConfigPath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PidPath_WithoutTheOperatorsReloadFeature_IsRefused()
    {
        await using var nginx = await FakeNginx.StartAsync(_nginx);
        var settings = Settings(s => s["pidPath"] = nginx.PidPath);

        var errors = await _driver.ValidateSettingsAsync(TargetContexts.ParseSettings(settings), CancellationToken.None);
        await Assert.ThrowsAsync<DriverException>(() => Apply(_nginx.Target(settings), "k1"));

        var error = Assert.Single(errors);
        Assert.Equal("/pidPath", error.Path);
        Assert.Contains("Portal:TargetPolicy:Kinds:nginx-upstream:Features", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, nginx.Reloads);
    }

    [Fact]
    public async Task Reload_WhenTheOperatorEnablesIt_SignalsTheNginxOfThePidFile()
    {
        _host.Policy.Enable(NginxUpstreamPlugin.Kind, "reload");
        await using var nginx = await FakeNginx.StartAsync(_nginx);
        var target = _nginx.Target(Settings(s => s["pidPath"] = nginx.PidPath));

        await Apply(target, "k1");

        await nginx.WaitForReloadsAsync(1);
        Assert.Equal(NginxFolder.Read(_nginx.ConfigPath), NginxFolder.Read(_nginx.ReloadedPath));
    }

    [Fact]
    public async Task Reload_OfAProcessThatIsNotNginx_IsRefusedAndUndone()
    {
        _host.Policy.Enable(NginxUpstreamPlugin.Kind, "reload");
        await using var other = await FakeNginx.StartAsync(_nginx, name: "not-nginx");
        var target = _nginx.Target(Settings(s => s["pidPath"] = other.PidPath));

        var ex = await Assert.ThrowsAsync<DriverException>(() => Apply(target, "k1"));

        Assert.Contains("not nginx", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(_nginx.ConfigPath));
        Assert.True(other.IsRunning);
        Assert.Equal(0, other.Reloads);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("1")]
    [InlineData("12abc")]
    public async Task Reload_WithAPidFileNamingNoSingleProcess_IsRefusedAndUndone(string content)
    {
        _host.Policy.Enable(NginxUpstreamPlugin.Kind, "reload");
        var pidPath = Path.Combine(_nginx.Path, "odd.pid");
        await File.WriteAllTextAsync(pidPath, content + "\n");

        var ex = await Assert.ThrowsAsync<DriverException>(() => Apply(_nginx.Target(Settings(s => s["pidPath"] = pidPath)), "k1"));

        Assert.Contains("pid file", ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(_nginx.ConfigPath));
    }

    private string Settings(Action<Dictionary<string, object>> change)
    {
        var settings = new Dictionary<string, object>
        {
            ["configPath"] = _nginx.ConfigPath,
            ["upstream"] = "app",
            ["stableServer"] = "10.0.0.1:8080",
            ["canaryServer"] = "10.0.0.2:8080",
        };
        change(settings);
        return JsonSerializer.Serialize(settings);
    }

    private Task<ApplyResult> Apply(TargetContext target, string key) => _driver.ApplyAsync(
        target, new ApplyRequest { ReleaseId = "rel-1", Version = "1.0.0", Cohort = Cohorts.Stable, Weight = 100, IdempotencyKey = key }, CancellationToken.None);
}
