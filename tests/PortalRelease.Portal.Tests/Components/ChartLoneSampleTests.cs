using Bunit;
using PortalRelease.Portal.Components.Pages;
using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Tests.PortalComponents;

/// <summary>A series with a single sample (a short release, or the first sample) is drawn as a point, not left invisible.</summary>
public sealed class ChartLoneSampleTests : PortalPageContext
{
    private static readonly ReleasePlan Plan = new(
        [new PlanStage("prod", ["sandbox-eu"], [
            new SetWeightStep(25),
            new AnalysisStep("error-rate", null, 0.05, null, TimeSpan.FromSeconds(1), 2, 0, 0),
        ])],
        new RollbackPolicy(true));

    [Fact]
    public async Task SingleSample_DrawsAPointOnTheLiveChartsAndTheFlightRecorder()
    {
        var id = await CreateReleaseAsync(Plan);
        await Get<JournalWriter>().AppendAsync(id,
            EventDraft.Of(new MetricsSampled("sandbox-eu", new CohortSample(0.005, 120, 10), new CohortSample(0.004, 118, 30)), "engine"));

        var page = Context.Render<ReleasePage>(p => p.Add(x => x.Id, id));
        page.WaitForAssertion(() => Assert.Equal("1", page.Find("[data-testid=charts]").GetAttribute("data-points")), Wait);

        // The live charts mark their data points (MudChart draws its series only once sized in the browser: see the screenshot).
        Assert.Equal("true", page.Find("[data-testid=charts]").GetAttribute("data-markers"));

        // The flight recorder draws a dot per single-sample line (canary and baseline), on both charts.
        var charts = page.FindAll("[data-testid=flight-chart]");
        Assert.Equal(2, charts.Count);
        Assert.All(charts, chart =>
        {
            Assert.Equal("2", chart.GetAttribute("data-dots"));
            Assert.Equal(["canary", "baseline"], chart.QuerySelectorAll("[data-testid=flight-dot]").Select(d => d.GetAttribute("data-name")));
        });
    }

    [Fact]
    public async Task SeveralSamples_DrawLinesWithoutDots()
    {
        var id = await CreateReleaseAsync(Plan);
        var writer = Get<JournalWriter>();
        for (var i = 0; i < 3; i++)
        {
            await writer.AppendAsync(id, EventDraft.Of(new MetricsSampled("sandbox-eu", new CohortSample(0.005, 120 + i, 10), new CohortSample(0.004, 118, 30)), "engine"));
        }

        var page = Context.Render<ReleasePage>(p => p.Add(x => x.Id, id));
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=flight-chart]").Count), Wait);
        Assert.All(page.FindAll("[data-testid=flight-chart]"), chart => Assert.Equal("0", chart.GetAttribute("data-dots")));
        Assert.Equal("false", page.Find("[data-testid=charts]").GetAttribute("data-markers"));
    }
}
