using Bunit;
using PortalRelease.Portal.Components.Pages;
using PortalRelease.Portal.Releases;
using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Tests.PortalComponents;

public sealed class AnalysisEvidenceTests : PortalPageContext
{
    private static readonly ReleasePlan Plan = new(
        [new PlanStage("sandbox", ["sandbox-eu"], [
            new SetWeightStep(50),
            new AnalysisStep("latency-p95", null, null, null, TimeSpan.FromSeconds(5), 3, 3, 0, 2, null, new AnalysisBaseline(0.1, 0.05, MetricDirection.LowerIsBetter)),
            new PromoteStep(),
        ])],
        new RollbackPolicy(true));

    [Fact]
    public async Task Render_BaselineComparison_ShowsCanaryBaselinePEffectAndTheVerdictInWords()
    {
        var id = await CreateReleaseAsync(Plan);
        var page = Context.Render<ReleasePage>(p => p.Add(x => x.Id, id));
        page.WaitForAssertion(() => page.Find("[data-testid=state-chip]"), Wait);

        static BaselineEvidence Evidence(double baseline) =>
            new(baseline, 500, 5, 5, 0.1, 0.05, "lower-is-better", 25, 2.61, 1 / 252.0, true, 1, 3.08, MeasurementOutcome.Failed);
        await Get<JournalWriter>().AppendAsync(id,
            EventDraft.Of(new StateChanged(Lifecycle.Proposed, Lifecycle.Verifying, null)),
            EventDraft.Of(new StepStarted(1, "sandbox", "Analyse latency-p95")),
            EventDraft.Of(new MeasurementTaken(1, 1, "sandbox-eu", "latency-p95", 371.6, 500, null, null, MeasurementOutcome.Failed,
                "canary latency-p95 372 ms vs baseline 121 ms, p = 0.004: significantly higher than baseline +10% at α 0.05.", Evidence(120.6), 1)),
            EventDraft.Of(new MeasurementTaken(1, 2, "sandbox-eu", "latency-p95", 412, 500, null, null, MeasurementOutcome.Failed,
                "canary latency-p95 412 ms vs baseline 180 ms, p = 0.004: significantly higher than baseline +10% at α 0.05.", Evidence(180), 2)),
            EventDraft.Of(new AnalysisVerdict(1, Verdict.Failed, 2, 2, 0,
                "Failed: canary latency-p95 412 ms vs baseline 180 ms, p = 0.004: significantly higher than baseline +10% at α 0.05. On sandbox-eu: 2 consecutive failures of latency-p95 (limit 2).", 2, "sandbox-eu")));

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=measurement]").Count), Wait);
        var last = page.FindAll("[data-testid=measurement]")[1];
        Assert.Equal("412 ms", last.QuerySelector("[data-testid=measurement-canary]")!.TextContent);
        Assert.Equal("180 ms", last.QuerySelector("[data-testid=measurement-baseline]")!.TextContent);
        Assert.Equal("p = 0.004", last.QuerySelector("[data-testid=measurement-p]")!.TextContent);
        Assert.Equal("r = 1, medians ×3.08", last.QuerySelector("[data-testid=measurement-effect]")!.TextContent);
        Assert.Contains("Failed (2 in a row)", last.TextContent);
        Assert.Equal("The canary failed the analysis of latency-p95: 2 failures in a row on sandbox-eu.", page.Find("[data-testid=verdict-words]").TextContent);
        Assert.Contains("412 ms vs baseline 180 ms, p = 0.004", page.Find("[data-testid=verdict-explanation]").TextContent);
        Assert.Contains("Analyse latency-p95 ≤ baseline +10%: 3 × every 5s, fail after 2 failures in a row", page.Find("[data-testid=analysis]").TextContent);
        Assert.Contains(page.FindAll("[data-testid=timeline-entry]"), e => e.TextContent.Contains("Measurement 2: latency-p95 412 vs baseline 180, p = 0.004 on sandbox-eu — Failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Render_InconclusiveVerdict_SaysAPersonDecides()
    {
        var id = await CreateReleaseAsync(Plan);
        var page = Context.Render<ReleasePage>(p => p.Add(x => x.Id, id));
        page.WaitForAssertion(() => page.Find("[data-testid=state-chip]"), Wait);

        await Get<JournalWriter>().AppendAsync(id,
            EventDraft.Of(new StateChanged(Lifecycle.Proposed, Lifecycle.Verifying, null)),
            EventDraft.Of(new StepStarted(1, "sandbox", "Analyse latency-p95")),
            EventDraft.Of(new MeasurementTaken(1, 1, "sandbox-eu", "latency-p95", 120, 4, null, null, MeasurementOutcome.Inconclusive, "Too little traffic: 4 samples, at least 50 needed.")),
            EventDraft.Of(new AnalysisVerdict(1, Verdict.Inconclusive, 1, 0, 1, "Inconclusive: 1 inconclusive measurement of latency-p95 on sandbox-eu, more than the limit 0.", 0, "sandbox-eu")));

        page.WaitForAssertion(() => Assert.Contains("waits for a person", page.Find("[data-testid=verdict-words]").TextContent), Wait);
        Assert.Equal("–", page.Find("[data-testid=measurement-p]").TextContent);
        Assert.Equal("Inconclusive", page.Find("[data-testid=verdict]").TextContent);
    }
}
