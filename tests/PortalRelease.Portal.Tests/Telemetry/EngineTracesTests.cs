using System.Collections.Concurrent;
using System.Diagnostics;
using PortalRelease.Portal.Telemetry;
using PortalRelease.Portal.Tests.Api;

namespace PortalRelease.Portal.Tests.Telemetry;

/// <summary>The engine's spans, listened to on the real ActivitySource while real Sandbox releases run.</summary>
public sealed class EngineTracesTests : PortalTest
{
    [Fact]
    public async Task SandboxReleases_PromotedAndRolledBack_LeaveStepAnalysisRollbackAndDriverCallSpans()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == PortalMeters.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        var good = await Client.CreateReleaseAsync("quick-canary", "3.0.0");
        await Client.WaitForStateAsync(good, "Promoted");
        var bad = await Client.CreateReleaseAsync("quick-canary", "3.0.1-bad");
        await Client.WaitForStateAsync(bad, "RolledBack");
        await Poll.UntilAsync(() => Task.FromResult(Of(spans, bad).Any(s => s.DisplayName == "rollback")), "the rollback span to end");

        // Promoted: validation read the target's status, then every step ran in its own span.
        var promoted = Of(spans, good);
        Assert.All(promoted, s => Assert.Equal("3.0.0", s.GetTagItem("release.version")));
        var validate = Assert.Single(promoted, s => s.DisplayName == "validate");
        var status = Assert.Single(promoted, s => s.DisplayName == "driver status" && s.ParentSpanId == validate.SpanId);
        // Read once more when the release holds its targets: what runs then is what a rollback returns to.
        Assert.Equal(2, promoted.Count(s => s.DisplayName == "driver status"));
        Assert.Equal(validate.SpanId, status.ParentSpanId);
        Assert.Equal("sandbox-eu", status.GetTagItem("target.name"));
        Assert.Equal("sandbox", status.GetTagItem("target.kind"));
        Assert.Equal(0, status.GetTagItem("driver.retry_count"));

        var steps = promoted.Where(s => s.DisplayName.StartsWith("step ", StringComparison.Ordinal)).OrderBy(s => (int)s.GetTagItem("step.index")!).ToList();
        // The plan ends with the promote step the compiler adds after the template's steps.
        Assert.Equal(["step setweight", "step analysis", "step setweight", "step promote"], steps.Select(s => s.DisplayName));
        Assert.All(steps, s => Assert.Equal(ActivityStatusCode.Unset, s.Status));
        Assert.All(steps, s => Assert.Equal("sandbox", s.GetTagItem("stage.name")));

        var applies = promoted.Where(s => s.DisplayName == "driver apply").OrderBy(s => s.StartTimeUtc).ToList();
        Assert.Equal(["canary", "canary", "stable"], applies.Select(a => (string?)a.GetTagItem("release.cohort")));
        Assert.All(applies, a =>
        {
            Assert.Equal(ActivityKind.Client, a.Kind);
            Assert.Contains(steps, s => s.SpanId == a.ParentSpanId && s.TraceId == a.TraceId);
            Assert.Equal("sandbox-eu", a.GetTagItem("target.name"));
            Assert.Equal("Applied", a.GetTagItem("driver.outcome"));
            Assert.Equal(0, a.GetTagItem("driver.retry_count"));
        });

        var rounds = promoted.Where(s => s.DisplayName == "analysis round").ToList();
        Assert.NotEmpty(rounds);
        Assert.All(rounds, r => Assert.Equal(steps[1].SpanId, r.ParentSpanId));
        Assert.Equal("Passed", rounds.OrderBy(r => (int)r.GetTagItem("analysis.round")!).Last().GetTagItem("analysis.verdict"));

        // Rolled back: the failed analysis ends its step in error; the rollback returns the target in its own trace.
        var rolledBack = Of(spans, bad);
        var analysis = Assert.Single(rolledBack, s => s.DisplayName == "step analysis");
        Assert.Equal(ActivityStatusCode.Error, analysis.Status);
        Assert.Contains(rolledBack, r => r.DisplayName == "analysis round" && (string?)r.GetTagItem("analysis.verdict") == "Failed" && r.Status == ActivityStatusCode.Error);
        var rollback = Assert.Single(rolledBack, s => s.DisplayName == "rollback");
        var undo = Assert.Single(rolledBack, s => s.DisplayName == "driver rollback");
        Assert.Equal(rollback.SpanId, undo.ParentSpanId);
        Assert.Equal("sandbox-eu", undo.GetTagItem("target.name"));
        Assert.Equal("stable", undo.GetTagItem("release.cohort"));
        Assert.Equal("3.0.1-bad", undo.GetTagItem("release.version"));
        Assert.Equal(ActivityStatusCode.Unset, rollback.Status);
    }

    private static List<Activity> Of(IEnumerable<Activity> spans, string releaseId) =>
        spans.Where(s => (string?)s.GetTagItem("release.id") == releaseId).ToList();
}
