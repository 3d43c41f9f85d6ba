using PortalRelease.Sdk;
using PortalRelease.Sdk.Testing;
using PortalRelease.Sdk.Testing.Conformance;

namespace Samples.HttpWebhook.Tests;

/// <summary>The SDK's conformance suite against the webhook driver and a real loopback endpoint.</summary>
public sealed class HttpWebhookConformanceTests : TargetDriverConformanceTests
{
    private readonly TestPluginHost _host = new();
    private readonly FakeDeployEndpoint _endpoint = new();

    public override async Task InitializeAsync()
    {
        await _endpoint.StartAsync();
        await base.InitializeAsync();
    }

    protected override ITargetDriver CreateDriver() => _host.Register(new HttpWebhookPlugin()).Driver(HttpWebhookPlugin.Kind);

    protected override string ValidSettingsJson => $$"""{"url":"{{_endpoint.Url}}","timeoutSeconds":5}""";

    protected override IEnumerable<string> InvalidSettingsJson =>
    [
        "[]",
        "{}",
        """{"url":"ftp://example.com/x"}""",
        """{"url":"http://example.com/","timeoutSeconds":0}""",
        """{"url":"http://example.com/","retries":3}""",
    ];

    protected override ValueTask<string> CaptureExternalStateAsync() => ValueTask.FromResult(_endpoint.Snapshot());

    protected override async Task CleanupAsync()
    {
        await _endpoint.DisposeAsync();
        _host.Dispose();
    }
}
