using Bunit;
using Microsoft.AspNetCore.Components;
using PortalRelease.Portal.Components.Pages;
using PortalRelease.Portal.Dashboards;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Portal.Tests.Dashboards;

namespace PortalRelease.Portal.Tests.PortalComponents;

public sealed class DeliveryDashboardPageTests : PortalPageContext
{
    private async Task<IRenderedComponent<DeliveryDashboardPage>> RenderAtAsync(string query)
    {
        await ConstructedHistory.WriteAsync(Get<JournalWriter>(), Get<TemplateRepository>());
        await Get<ReleaseFactsProjector>().CatchUpAsync();
        Get<NavigationManager>().NavigateTo("/dashboards/delivery" + query);
        return Context.Render<DeliveryDashboardPage>();
    }

    [Fact]
    public async Task Render_TeamAndQuarter_ShowsFiguresWithBands()
    {
        var page = await RenderAtAsync("?team=alpha&period=2026-Q1");

        page.WaitForAssertion(() =>
        {
            var cfr = page.Find("[data-testid=kpi][data-figure=cfr]");
            // 3 failed of 10 deployed (see ConstructedHistory).
            Assert.Equal("30%", cfr.QuerySelector("[data-testid=kpi-value]")!.TextContent.Trim());
            Assert.Equal("Low", cfr.QuerySelector("[data-testid=band]")!.GetAttribute("data-band"));
            Assert.Contains("3 releases", cfr.TextContent, StringComparison.OrdinalIgnoreCase);
        }, Wait);
        var lead = page.Find("[data-testid=kpi][data-figure=lead-time]");
        Assert.Equal("Elite", lead.QuerySelector("[data-testid=band]")!.GetAttribute("data-band"));
        Assert.Equal("14", page.Find("[data-testid=trend]").GetAttribute("data-weeks"));
        // Within a team, the breakdown is by service.
        Assert.Equal(["api", "web"], page.FindAll("[data-testid=breakdown-row]").Select(r => r.GetAttribute("data-key")));
        // Outside /api: the signed-in browser's cookie is enough there.
        Assert.Equal("/dashboards/delivery.csv?team=alpha&period=2026-Q1&table=summary", page.Find("[data-testid=csv-summary]").GetAttribute("href"));
    }

    [Fact]
    public async Task Render_FigureInQuery_ShowsTheReleasesBehindIt()
    {
        var page = await RenderAtAsync("?team=alpha&period=2026-Q1&figure=cfr");

        page.WaitForAssertion(() => Assert.Equal("3", page.Find("[data-testid=drilldown]").GetAttribute("data-rows")), Wait);
        Assert.Equal(["A2", "A5", "A7"], page.FindAll("[data-testid=drilldown-row]").Select(r => r.GetAttribute("data-release")));
        Assert.Equal("/releases/A2", page.Find("[data-release=A2] a").GetAttribute("href"));
        Assert.Contains("figure=cfr", page.Find("[data-testid=csv-releases]").GetAttribute("href"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Click_DrillDownButton_NavigatesToTheFigure()
    {
        var page = await RenderAtAsync("?team=alpha&period=2026-Q1");
        page.WaitForAssertion(() => page.Find("[data-testid=drill-rework]"), Wait);

        await page.Find("[data-testid=drill-rework]").ClickAsync(new Microsoft.AspNetCore.Components.Web.MouseEventArgs());

        Assert.EndsWith("/dashboards/delivery?team=alpha&period=2026-Q1&figure=rework", Get<NavigationManager>().Uri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_BadPeriod_SaysWhatIsAccepted()
    {
        var page = await RenderAtAsync("?period=fortnight");

        page.WaitForAssertion(() => Assert.Contains("'period' must be one of", page.Find("[data-testid=dashboard-error]").TextContent, StringComparison.Ordinal), Wait);
    }
}
