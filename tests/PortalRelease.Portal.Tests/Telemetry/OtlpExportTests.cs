using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PortalRelease.Portal.Targets;
using PortalRelease.Portal.Tests.Api;
using PortalRelease.Portal.Tests.Notifications;

namespace PortalRelease.Portal.Tests.Telemetry;

/// <summary>
/// OTLP over HTTP (protobuf) to a loopback collector: the engine's spans and the portal's logs arrive, logs redacted.
/// Protobuf keeps strings as UTF-8 bytes, so names, attribute keys and values can be found in the raw request.
/// </summary>
public sealed class OtlpExportTests
{
    private const string Canary = "otlp-canary-secret-93b2d";

    [Fact]
    public async Task OtlpEndpointConfigured_ExportsEngineSpansAndRedactedLogs()
    {
        await using var collector = await WebhookReceiver.StartAsync();
        await using var portal = new NotificationsPortal(new Dictionary<string, string?>
        {
            ["Portal:Telemetry:OtlpEndpoint"] = collector.Endpoint.AbsoluteUri,
            ["Portal:Telemetry:OtlpProtocol"] = "http/protobuf",
        });
        KnownSecrets.Add([Canary]);

        var id = await portal.Client.CreateReleaseAsync("quick-canary", "5.0.0");
        await portal.Client.WaitForStateAsync(id, "Promoted");
        portal.Services.GetRequiredService<ILogger<OtlpExportTests>>().LogWarning("Release {ReleaseId} used {Token}", id, Canary);

        await Poll.UntilAsync(
            () => Task.FromResult(Has(collector, "/v1/traces", "PortalRelease.Engine", "driver apply", "target.name", "release.cohort", id)),
            "engine spans of the release at /v1/traces");
        await Poll.UntilAsync(
            () => Task.FromResult(Has(collector, "/v1/logs", $"used {KnownSecrets.Mask}", id)),
            "the redacted log record at /v1/logs");
        Assert.All(collector.Requests, r => Assert.DoesNotContain(Canary, Encoding.UTF8.GetString(r.Body), StringComparison.Ordinal));
        Assert.All(collector.At("/v1/traces"), r => Assert.Equal("application/x-protobuf", r.Header("Content-Type")));
    }

    private static bool Has(WebhookReceiver collector, string path, params string[] texts)
    {
        var all = string.Join("\n", collector.At(path).Select(r => Encoding.UTF8.GetString(r.Body)));
        return texts.All(t => all.Contains(t, StringComparison.Ordinal));
    }
}
