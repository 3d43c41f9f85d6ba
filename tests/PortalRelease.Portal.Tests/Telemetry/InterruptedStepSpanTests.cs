using System.Collections.Concurrent;
using System.Diagnostics;
using PortalRelease.Portal.Telemetry;
using PortalRelease.Portal.Tests.Releases;
using PortalRelease.Portal.Tests.Strategies;

namespace PortalRelease.Portal.Tests.Telemetry;

/// <summary>A step in flight when the portal shuts down still leaves its span, marked interrupted.</summary>
public sealed class InterruptedStepSpanTests
{
    [Fact]
    public async Task Shutdown_WhileAStepWaits_EndsItsSpanAsInterrupted()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == PortalMeters.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        string id;
        await using (var portal = new OpsPortal())
        {
            await portal.Client.AddSandboxTargetAsync("interrupted-eu");
            await portal.Client.ImportTemplateAsync("""
                name: waits-for-a-person
                stages:
                  - name: prod
                    targets: [interrupted-eu]
                    steps:
                      - setWeight: 20
                      - pause: {}
                """);
            id = await portal.Client.CreateReleaseAsync("waits-for-a-person", "2.0.0");
            await portal.Client.WaitForEventsAsync(id, es => es.Any(e => e.Type == "PauseStarted"), "the pause to begin");
            Assert.DoesNotContain(spans, s => (string?)s.GetTagItem("release.id") == id && s.DisplayName == "step pause");
        }

        var pause = Assert.Single(spans, s => (string?)s.GetTagItem("release.id") == id && s.DisplayName == "step pause");
        Assert.Equal(ActivityStatusCode.Error, pause.Status);
        Assert.StartsWith("interrupted", pause.StatusDescription, StringComparison.Ordinal);
        // The step before it had finished: its span ended normally.
        Assert.Equal(ActivityStatusCode.Unset, Assert.Single(spans, s => (string?)s.GetTagItem("release.id") == id && s.DisplayName == "step setweight").Status);
    }
}
