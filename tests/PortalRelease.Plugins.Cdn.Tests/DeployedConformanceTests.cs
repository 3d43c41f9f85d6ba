using PortalRelease.Plugins.Cdn.Tests.Fake;
using PortalRelease.Sdk;
using PortalRelease.Sdk.Testing;
using PortalRelease.Sdk.Testing.Conformance;

namespace PortalRelease.Plugins.Cdn.Tests;

/// <summary>The conformance suite against the deployed copy in plugins/Cdn, loaded into its own context, and a fresh fake Fastly API.</summary>
public sealed class DeployedConformanceTests : TargetDriverConformanceTests
{
    private FakeFastly? _server;
    private DeployedPlugin? _context;
    private TestPluginHost? _host;

    protected override ITargetDriver CreateDriver()
    {
        var (context, plugin) = DeployedPlugin.Load();
        _context = context;
        _host = new TestPluginHost();
        return _host.Register(plugin).Driver(CdnPlugin.Kind);
    }

    protected override string ValidSettingsJson => $$"""
        {"serviceId":"{{FakeFastly.ServiceId}}","apiToken":"{{FakeFastly.Token}}","originHostTemplate":"app-{version}.origin.example.com","apiUrl":"{{_server!.Url}}","stageFirst":true}
        """;

    protected override IEnumerable<string> InvalidSettingsJson => ["[]", """{"serviceId":"abc"}"""];

    public override async Task InitializeAsync()
    {
        _server = await FakeFastly.StartAsync();
        await base.InitializeAsync();
    }

    protected override ValueTask<string> CaptureExternalStateAsync() => ValueTask.FromResult(_server!.Snapshot());

    protected override async Task CleanupAsync()
    {
        await _server!.DisposeAsync();
        _host?.Dispose();
        _context?.Unload();
    }
}
