using System.Text.Json;
using PortalRelease.Portal.Tests.Api;
using PortalRelease.Portal.Tests.Strategies;

using PortalRelease.Contracts;

namespace PortalRelease.Portal.Tests.Releases;

/// <summary>
/// The live charts read the metric source the stage's analysis reads (<c>provider:</c>), not the target's own, so
/// the chart and the evidence agree; on the real portal with the real Sandbox and the real fixture metric source.
/// </summary>
public sealed class TelemetrySamplingTests
{
    [Fact]
    public async Task Sampling_StageWhoseAnalysisNamesAProvider_SamplesThatProviderAndTheAnalysedMetric()
    {
        await using var portal = new OpsPortal();
        await portal.Client.AddSandboxTargetAsync("own-us");
        await portal.Client.AddSandboxTargetAsync("other-eu");
        await portal.Client.ImportTemplateAsync("""
            name: sampled-canary
            stages:
              - name: own
                targets: [own-us]
                steps:
                  - setWeight: 20
                  - pause: { duration: 3s }
              - name: other
                targets: [other-eu]
                steps:
                  - setWeight: 20
                  - pause: { duration: 3s }
                  - analysis: { metric: checkout-errors, provider: fixture-metrics, max: 0.05, interval: 1s, count: 1 }
            """);
        var id = await portal.Client.CreateReleaseAsync("sampled-canary", "2.0.0");

        static IEnumerable<ReleaseEvent> Samples(IReadOnlyList<ReleaseEvent> events, string target) =>
            events.Where(e => e.Type == "MetricsSampled" && e.Str("target") == target);
        // The Sandbox counts whole seconds: a half-second sample may fall between two and read nothing, the next does not.
        static bool Measured(ReleaseEvent sample) => sample.Data.GetProperty("canary").TryGetProperty("errorRate", out var rate) && rate.ValueKind == JsonValueKind.Number;
        var events = await portal.Client.WaitForEventsAsync(id, es => Samples(es, "own-us").Any(Measured) && Samples(es, "other-eu").Any(), "samples of both stages", TimeSpan.FromSeconds(60));

        // No analysis in the first stage: the target's own source, which serves the canary's traffic.
        Assert.All(Samples(events, "own-us"), own =>
        {
            Assert.Equal("sandbox", own.Str("source"));
            Assert.False(own.Data.TryGetProperty("analysed", out _));
        });

        // The second stage's analysis reads the fixture source: so does its chart, from the step before the analysis on,
        // with the analysed metric beside the standard three. The fixture measures nothing, where the Sandbox would have.
        foreach (var sample in Samples(events, "other-eu"))
        {
            Assert.Equal("fixture-metrics", sample.Str("source"));
            Assert.False(sample.Data.GetProperty("canary").TryGetProperty("errorRate", out _));
            Assert.Equal("checkout-errors", sample.Data.GetProperty("analysed").GetProperty("metric").GetString());
        }
    }
}
