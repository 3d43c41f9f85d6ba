using Bunit;
using PortalRelease.Portal.Components.Pages;
using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Tests.PortalComponents;

/// <summary>Error rate charts are in the analysis' unit: a fraction, like the evidence "error-rate 0.0053 ≤ 0.05".</summary>
public sealed class ChartUnitTests : PortalPageContext
{
    private static readonly ReleasePlan Plan = new(
        [new PlanStage("prod", ["sandbox-eu"], [
            new SetWeightStep(25),
            new AnalysisStep("error-rate", null, 0.05, null, TimeSpan.FromSeconds(1), 2, 0, 0),
        ])],
        new RollbackPolicy(true));

    [Fact]
    public async Task ErrorRate_IsChartedAsTheFractionTheEvidencePrints()
    {
        var id = await CreateReleaseAsync(Plan);
        var writer = Get<JournalWriter>();
        await writer.AppendAsync(id,
            EventDraft.Of(new MetricsSampled("sandbox-eu", new CohortSample(0.2553, 120, 10), new CohortSample(0.004, 118, 30)), "engine"),
            EventDraft.Of(new MetricsSampled("sandbox-eu", new CohortSample(0.2, 121, 10), new CohortSample(0.005, 118, 30)), "engine"));

        var page = Context.Render<ReleasePage>(p => p.Add(x => x.Id, id));
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=flight-chart]").Count), Wait);

        Assert.Contains("Error rate (fraction, 0.01 = 1%)", page.Find("[data-testid=charts]").TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Error rate (%)", page.Markup, StringComparison.Ordinal);
        var chart = page.FindAll("[data-testid=flight-chart]")[0];
        Assert.Equal("Error rate (fraction, 0.01 = 1%)", chart.GetAttribute("data-metric"));
        // The axis tops out at 0.5 (the nice ceiling of 0.2553), not at 50.
        var ticks = chart.QuerySelectorAll("svg > text").Select(t => t.TextContent.Trim()).ToList();
        Assert.Contains("0.5", ticks);
        Assert.Contains("0.25", ticks);
        Assert.DoesNotContain("50", ticks);
    }

    [Theory]
    [InlineData(5, "0.05")]
    [InlineData(1, "0.01")]
    [InlineData(25.53, "0.255")]
    [InlineData(0, "0")]
    public void LiveErrorRateAxis_PlottedInHundredths_IsLabelledAsTheFraction(double plotted, string label) =>
        Assert.Equal(label, PortalRelease.Portal.Components.Model.MetricsHistory.ErrorRateTick(plotted));
}
