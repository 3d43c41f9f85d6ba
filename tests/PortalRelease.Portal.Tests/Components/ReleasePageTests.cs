using Bunit;
using PortalRelease.Portal.Components.Pages;
using PortalRelease.Portal.Releases;
using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Tests.PortalComponents;

public sealed class ReleasePageTests : PortalPageContext
{
    private static readonly ReleasePlan Plan = new(
        [new PlanStage("sandbox", ["sandbox-eu"], [
            new SetWeightStep(25),
            new AnalysisStep("error-rate", null, 0.05, null, TimeSpan.FromSeconds(1), 2, 0, 0),
            new PromoteStep(),
        ])],
        new RollbackPolicy(true));

    [Fact]
    public async Task Render_ThenJournalAppends_AppliesChangeFeedWithoutReloadingSnapshot()
    {
        var id = await CreateReleaseAsync(Plan);
        var page = Context.Render<ReleasePage>(p => p.Add(x => x.Id, id));
        page.WaitForAssertion(() => Assert.Equal("Proposed", page.Find("[data-testid=state-chip]").GetAttribute("data-state")), Wait);
        var root = page.Find("[data-testid=release]");
        Assert.Equal("1", root.GetAttribute("data-snapshot-seq"));

        var writer = Get<JournalWriter>();
        var key = $"{id}:apply:0:sandbox-eu";
        await writer.AppendAsync(id,
            EventDraft.Of(new StateChanged(Lifecycle.Proposed, Lifecycle.Validated, null)),
            EventDraft.Of(new StateChanged(Lifecycle.Validated, Lifecycle.Deploying, "Deployment started")),
            EventDraft.Of(new StepStarted(0, "sandbox", "Set canary weight to 25%")));
        await writer.AppendAsync(id, EventDraft.Of(new ActionIntended(key, "sandbox-eu", "apply", "1.0.0", "canary", 25)));
        var last = await writer.AppendAsync(id,
            EventDraft.Of(new ActionDone(key, "sandbox-eu", "Applied", "weight 25")),
            EventDraft.Of(new MetricsSampled("sandbox-eu", new CohortSample(0.004, 130, 50), new CohortSample(0.005, 120, 150))));

        page.WaitForAssertion(() =>
        {
            Assert.Equal("Deploying", page.Find("[data-testid=state-chip]").GetAttribute("data-state"));
            Assert.Equal("25", page.Find("[data-testid=weight][data-target=sandbox-eu]").GetAttribute("data-weight"));
            Assert.Contains("25% canary", page.Find("[data-testid=weight-text]").TextContent);
            Assert.Equal(last[^1].Seq.ToString(), page.Find("[data-testid=release]").GetAttribute("data-last-seq"));
        }, Wait);
        var timeline = page.FindAll("[data-testid=timeline-entry]");
        // Newest first; telemetry samples are hidden from the timeline by default and drawn in the charts instead.
        Assert.Equal(["ActionDone", "ActionIntended", "StepStarted", "StateChanged", "StateChanged", "ReleaseCreated"], timeline.Select(e => e.GetAttribute("data-type")));
        Assert.Contains("Set canary weight to 25% on sandbox-eu — Applied", timeline[0].TextContent);
        Assert.Contains("Validated → Deploying", timeline[3].TextContent);
        Assert.Equal("Current", page.Find("[data-testid=plan-step][data-index='0']").GetAttribute("data-status"));
        Assert.Equal("1", page.Find("[data-testid=charts]").GetAttribute("data-points"));
        // The snapshot was loaded once; everything after it came from the feed.
        Assert.Equal("1", page.Find("[data-testid=release]").GetAttribute("data-snapshot-seq"));
        Assert.False(page.Find("[data-testid=command-pause]").HasAttribute("disabled"));
        Assert.True(page.Find("[data-testid=command-resume]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task Render_AnalysisEvents_ShowsMeasurementAndVerdictExplanations()
    {
        var id = await CreateReleaseAsync(Plan);
        var page = Context.Render<ReleasePage>(p => p.Add(x => x.Id, id));
        page.WaitForAssertion(() => page.Find("[data-testid=state-chip]"), Wait);

        await Get<JournalWriter>().AppendAsync(id,
            EventDraft.Of(new StateChanged(Lifecycle.Proposed, Lifecycle.Verifying, null)),
            EventDraft.Of(new StepStarted(1, "sandbox", "Analyse error-rate")),
            EventDraft.Of(new MeasurementTaken(1, 1, "sandbox-eu", "error-rate", 0.0054, 400, 0.05, null, MeasurementOutcome.Passed, "error-rate 0.0054 is within bounds (400 samples).")),
            EventDraft.Of(new MeasurementTaken(1, 2, "sandbox-eu", "error-rate", 0.25, 400, 0.05, null, MeasurementOutcome.Failed, "error-rate 0.25 is above the maximum 0.05 (400 samples).")),
            EventDraft.Of(new AnalysisVerdict(1, Verdict.Failed, 2, 1, 0, "Failed: 1 of 2 measurements of error-rate out of bounds (limit 0).")),
            EventDraft.Of(new RollbackRequested("Automatic: Analysis of error-rate failed.")));

        page.WaitForAssertion(() =>
        {
            Assert.Equal(2, page.FindAll("[data-testid=measurement]").Count);
            Assert.Contains("out of bounds", page.Find("[data-testid=verdict-explanation]").TextContent);
            Assert.Equal("Rolling back", page.Find("[data-testid=substate-chip]").GetAttribute("data-substate"));
        }, Wait);
        Assert.Contains("above the maximum 0.05", page.Markup);
        Assert.Contains(page.FindAll("[data-testid=timeline-entry]"), e => e.TextContent.Contains("Measurement 1: error-rate 0.0054 ≤ 0.05 on sandbox-eu — Passed"));
        Assert.Contains(page.FindAll("[data-testid=timeline-entry]"), e => e.TextContent.Contains("Measurement 2: error-rate 0.25 > 0.05 on sandbox-eu — Failed"));
        Assert.True(page.Find("[data-testid=command-rollback]").HasAttribute("disabled"));
    }

    [Fact]
    public void Render_UnknownId_ShowsNotFound()
    {
        var page = Context.Render<ReleasePage>(p => p.Add(x => x.Id, "nope"));

        page.WaitForAssertion(() => Assert.Contains("There is no release", page.Find("[data-testid=release-not-found]").TextContent), Wait);
    }
}
