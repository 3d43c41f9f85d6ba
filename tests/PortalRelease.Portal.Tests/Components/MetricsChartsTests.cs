using Bunit;
using PortalRelease.Portal.Components.Pages;
using PortalRelease.Portal.Releases;
using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Tests.PortalComponents;

/// <summary>The live charts name the metric source they sampled and chart the analysis' own metric beside the standard ones.</summary>
public sealed class MetricsChartsTests : PortalPageContext
{
    private static readonly ReleasePlan Plan = new(
        [new PlanStage("prod", ["sandbox-eu"], [
            new SetWeightStep(25),
            new AnalysisStep("checkout-errors", "prometheus", 0.05, null, TimeSpan.FromSeconds(5), 3, 0, 0),
        ])],
        new RollbackPolicy(true));

    [Fact]
    public async Task Samples_FromTheAnalysisProvider_TitleTheChartsWithItAndChartTheAnalysedMetric()
    {
        var id = await CreateReleaseAsync(Plan);
        var page = Context.Render<ReleasePage>(p => p.Add(x => x.Id, id));
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=charts-empty]")), Wait);

        await Get<JournalWriter>().AppendAsync(id,
            EventDraft.Of(new MetricsSampled("sandbox-eu", new CohortSample(0.01, 120, 10), new CohortSample(0.01, 118, 30), "prometheus", new AnalysedSample("checkout-errors", 0.012, 0.009)), "engine"),
            EventDraft.Of(new MetricsSampled("sandbox-eu", new CohortSample(0.02, 125, 10), new CohortSample(0.01, 119, 30), "prometheus", new AnalysedSample("checkout-errors", 0.03, 0.01)), "engine"));

        page.WaitForAssertion(() =>
        {
            var charts = page.Find("[data-testid=charts]");
            Assert.Equal("prometheus", charts.GetAttribute("data-source"));
            Assert.Contains("Error rate (fraction, 0.01 = 1%) from prometheus", charts.TextContent, StringComparison.Ordinal);
            Assert.Equal("checkout-errors, as the analysis measures it from prometheus · time in UTC", page.Find("[data-testid=chart-analysed-title]").TextContent.Trim());
        }, Wait);
        Assert.Equal("checkout-errors", page.Find("[data-testid=chart-analysed]").GetAttribute("data-metric"));
    }
}
