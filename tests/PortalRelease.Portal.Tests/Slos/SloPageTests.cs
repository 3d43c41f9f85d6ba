using Bunit;
using Microsoft.AspNetCore.Components;
using PortalRelease.Portal.Components.Pages;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Tests.PortalComponents;

namespace PortalRelease.Portal.Tests.Slos;

public sealed class SloPageTests : PortalPageContext
{
    private const string Template = """
        name: checkout-canary
        service: checkout
        slos:
          - name: availability
            objective: 99.9%
            good: requests-good
            total: requests-total
          - name: latency
            objective: 95%
            window: 7d
            good: requests-fast
            total: requests-total
            burnRate: { shortWindow: 5m, longWindow: 1h, pauseAbove: 14.4 }
        stages:
          - name: prod
            targets: [checkout-eu]
            steps:
              - setWeight: 10
        """;

    [Fact]
    public async Task Render_ListsEachSloWithObjectivePolicyAndState()
    {
        await Get<TemplateRepository>().SaveAsync("checkout-canary", null, Template, Actor, DateTimeOffset.UtcNow);

        var page = Context.Render<SloPage>();

        page.WaitForAssertion(() => Assert.Equal("2", page.Find("[data-testid=slo-table]").GetAttribute("data-rows")), Wait);
        var rows = page.FindAll("[data-testid=slo-row]");
        Assert.Equal(["availability", "latency"], rows.Select(r => r.GetAttribute("data-slo")));
        Assert.All(rows, r => Assert.Equal("checkout", r.GetAttribute("data-service")));
        Assert.Equal("99.9 %", rows[0].QuerySelector("[data-testid=slo-objective]")!.TextContent.Trim());
        Assert.Contains("over 30d", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("5m", rows[1].QuerySelector("[data-testid=slo-short-burn]")!.TextContent, StringComparison.Ordinal);
        // The target is not configured here, so the page says why there are no figures rather than showing zeros.
        Assert.Equal("error", rows[0].GetAttribute("data-state"));
        Assert.Contains("target 'checkout-eu' does not exist", rows[0].QuerySelector("[data-testid=slo-error]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("/slos/checkout", rows[0].QuerySelector("a")!.GetAttribute("href"));
    }

    [Fact]
    public async Task Render_Service_ShowsItsSlosAndDeployments()
    {
        await Get<TemplateRepository>().SaveAsync("checkout-canary", null, Template, Actor, DateTimeOffset.UtcNow);

        var page = Context.Render<SloPage>(p => p.Add(c => c.Service, "checkout"));

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=slo-detail]").Count), Wait);
        Assert.Equal(["availability", "latency"], page.FindAll("[data-testid=slo-detail]").Select(d => d.GetAttribute("data-slo")));
        Assert.NotNull(page.Find("[data-testid=slo-deployments-empty]"));
    }

    [Fact]
    public void Render_UnknownService_SaysSo()
    {
        var page = Context.Render<SloPage>(p => p.Add(c => c.Service, "nope"));

        page.WaitForAssertion(() => Assert.Contains("No template declares SLOs for service 'nope'", page.Find("[data-testid=slo-page-error]").TextContent, StringComparison.Ordinal), Wait);
    }

    [Fact]
    public void Render_NoSlos_PointsToTheDocs()
    {
        var page = Context.Render<SloPage>();

        page.WaitForAssertion(() => Assert.Contains("slos:", page.Find("[data-testid=slo-empty]").TextContent, StringComparison.Ordinal), Wait);
    }
}
