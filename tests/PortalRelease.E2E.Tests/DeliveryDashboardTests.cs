using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PortalRelease.Portal.Dashboards;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Releases.Journal;

namespace PortalRelease.E2E.Tests;

public sealed class DeliveryDashboardTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    /// <summary>Where the screenshots of both themes go, for a person to look at.</summary>
    private static readonly string Screenshots = Path.Combine(Path.GetTempPath(), "portal-screenshots");

    [Fact]
    public async Task Dashboard_ShowsFiguresInBothThemes_AndDrillsDownToTheReleasePage()
    {
        await SeedHistoryAsync();
        var page = await browser.OpenAsync("/dashboards/delivery?period=90d");

        var cfr = page.Locator("[data-testid='kpi'][data-figure='cfr']");
        await Assertions.Expect(cfr.Locator("[data-testid='band']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid='breakdown-row']").First).ToBeVisibleAsync();
        // Charts draw once the browser has measured them: wait for the lines before the screenshot.
        await Assertions.Expect(page.Locator("[data-testid='trend'] svg path").First).ToBeAttachedAsync();
        Directory.CreateDirectory(Screenshots);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "delivery-light.png"), FullPage = true });
        await page.GetByLabel("Toggle dark mode").ClickAsync();
        await Assertions.Expect(page.GetByLabel("Toggle dark mode")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "delivery-dark.png"), FullPage = true });

        // The figure's count and the drill-down's rows are the same releases.
        var count = int.Parse((await cfr.Locator("[data-testid='drill-cfr']").InnerTextAsync()).Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(count > 0, "the seeded history has failures in the last 90 days");
        await cfr.Locator("[data-testid='drill-cfr']").ClickAsync();
        var drilldown = page.Locator("[data-testid='drilldown'][data-figure='cfr']");
        await Assertions.Expect(drilldown).ToHaveAttributeAsync("data-rows", count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("figure=cfr", page.Url, StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "delivery-drilldown-dark.png"), FullPage = true });

        var first = drilldown.Locator("[data-testid='drilldown-row']").First;
        var id = await first.GetAttributeAsync("data-release");
        await first.Locator("a").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid='release']")).ToHaveAttributeAsync("data-release", id!);
        await Assertions.Expect(page.Locator("[data-testid='release-team']")).Not.ToBeEmptyAsync();
    }

    private async Task SeedHistoryAsync()
    {
        var services = browser.Server.Services;
        var template = await services.GetRequiredService<TemplateRepository>()
            .SaveAsync(DemoHistory.TemplateName, null, DemoHistory.TemplateYaml, DemoHistory.Actor, DateTimeOffset.UtcNow);
        var history = new DemoHistory(seed: 7).Generate(400, 90, DateTimeOffset.UtcNow, template.Record.Version);
        await DemoHistory.WriteAsync(services.GetRequiredService<JournalWriter>(), history);
        var facts = services.GetRequiredService<ReleaseFactsRepository>();
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while ((await facts.ListStaleAsync()).Count > 0)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "the facts projector did not catch up with the journal in 30 s");
            await Task.Delay(50);
        }
    }
}
