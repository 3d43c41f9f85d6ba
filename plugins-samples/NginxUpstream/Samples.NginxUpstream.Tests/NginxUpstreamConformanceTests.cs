using PortalRelease.Sdk;
using PortalRelease.Sdk.Testing;
using PortalRelease.Sdk.Testing.Conformance;

namespace Samples.NginxUpstream.Tests;

/// <summary>The SDK's conformance suite against the nginx driver writing real files inside the operator's root.</summary>
public sealed class NginxUpstreamConformanceTests : TargetDriverConformanceTests
{
    private readonly TestPluginHost _host = new();
    private readonly NginxFolder _nginx = new();

    protected override string TargetName => "web";

    protected override ITargetDriver CreateDriver()
    {
        _host.Policy.Roots[NginxUpstreamPlugin.Kind] = _nginx.Path;
        return _host.Register(new NginxUpstreamPlugin()).Driver(NginxUpstreamPlugin.Kind);
    }

    protected override string ValidSettingsJson => _nginx.SettingsJson();

    protected override IEnumerable<string> InvalidSettingsJson =>
    [
        "[]",
        "{}",
        """{"configPath":"../outside.conf","upstream":"app","stableServer":"10.0.0.1:8080","canaryServer":"10.0.0.2:8080"}""",
        """{"configPath":"a.conf","upstream":"app; evil","stableServer":"10.0.0.1","canaryServer":"10.0.0.2:8080"}""",
        """{"configPath":"a.conf","upstream":"app","stableServer":"10.0.0.1:8080","canaryServer":"10.0.0.2:8080","reloadCommand":["nginx","-s","reload"]}""",
        """{"configPath":"a.conf","upstream":"app","stableServer":"10.0.0.1:8080","canaryServer":"10.0.0.2:8080","pidPath":"nginx.pid"}""",
    ];

    // The file nginx reads is the target's real state (reloads, which nginx takes asynchronously, are UpstreamConfigTests').
    protected override ValueTask<string> CaptureExternalStateAsync() => ValueTask.FromResult(NginxFolder.Read(_nginx.ConfigPath) ?? "");

    protected override Task CleanupAsync()
    {
        _nginx.Dispose();
        _host.Dispose();
        return Task.CompletedTask;
    }
}
