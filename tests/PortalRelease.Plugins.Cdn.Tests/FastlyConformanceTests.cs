using PortalRelease.Plugins.Cdn.Tests.Fake;
using PortalRelease.Sdk;
using PortalRelease.Sdk.Testing;
using PortalRelease.Sdk.Testing.Conformance;

namespace PortalRelease.Plugins.Cdn.Tests;

/// <summary>
/// The SDK's driver conformance suite against the Fastly driver, hosted through its plugin entry point and pointed at
/// a fresh fake Fastly API per test. The token is in the settings here (the suite builds targets without secrets);
/// the driver reads it from there when the portal's secrets do not carry it.
/// </summary>
public sealed class FastlyConformanceTests : TargetDriverConformanceTests
{
    private readonly TestPluginHost _host = new();
    private FakeFastly? _server;

    protected override ITargetDriver CreateDriver() => _host.Register(new CdnPlugin()).Driver(CdnPlugin.Kind);

    protected override string ValidSettingsJson => $$"""
        {"serviceId":"{{FakeFastly.ServiceId}}","apiToken":"{{FakeFastly.Token}}","originHostTemplate":"app-{version}.origin.example.com","apiUrl":"{{Server.Url}}","purge":"all"}
        """;

    protected override IEnumerable<string> InvalidSettingsJson =>
    [
        "[]",
        """{"apiToken":"t","originHostTemplate":"app-{version}.example.com"}""",
        """{"serviceId":"abc","apiToken":"t","originHostTemplate":"app.example.com"}""",
        """{"serviceId":"abc","apiToken":"t","originHostTemplate":"app-{version}.example.com","apiUrl":"http://api.example.com/"}""",
        """{"serviceId":"abc","apiToken":"t","originHostTemplate":"app-{version}.example.com","purge":"surrogate-key"}""",
        """{"serviceId":"abc","originHostTemplate":"app-{version}.example.com"}""",
        """{"serviceId":"abc","apiToken":"t","originHostTemplate":"app-{version}.example.com","unknown":1}""",
    ];

    private FakeFastly Server => _server ?? throw new InvalidOperationException("The fake Fastly API starts in InitializeAsync.");

    public override async Task InitializeAsync()
    {
        _server = await FakeFastly.StartAsync();
        await base.InitializeAsync();
    }

    // The fake's versions, backends, snippets, staging and purges are the target's real state.
    protected override ValueTask<string> CaptureExternalStateAsync() => ValueTask.FromResult(Server.Snapshot());

    protected override async Task CleanupAsync()
    {
        await Server.DisposeAsync();
        _host.Dispose();
    }
}
