using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Releases;

namespace PortalRelease.E2E.Tests;

public sealed class OnCallTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly string Screenshots = Path.Combine(Path.GetTempPath(), "portal-screenshots");

    // Holds at 25% for a while, sampling telemetry: long enough to look at, short enough to promote within the test host's life.
    // The theme switches on the next render: wait for the page background to turn dark before the screenshot.
    private const string DarkBackground = "(() => { const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\\d+/g).map(Number); return r + g + b < 300; })()";

    private const string Holding = """
        name: oncall-holding
        service: storefront
        stages:
          - name: only
            targets: [sandbox-eu]
            steps:
              - setWeight: 10
              - pause: { duration: 2s }
              - setWeight: 25
              - pause: { duration: 10m }
        """;

    [Fact]
    public async Task OnCall_ShowsTheRunningRelease_AndItsEventLinkOpensTheFlightRecorderHighlighted()
    {
        var services = browser.Server.Services;
        await services.GetRequiredService<TemplateRepository>().SaveAsync("oncall-holding", null, Holding, "e2e", DateTimeOffset.UtcNow);
        var created = await services.GetRequiredService<ReleaseService>()
            .CreateAsync(new NewRelease("oncall-holding", "7.1.0", new Dictionary<string, JsonElement>()), PortalRelease.Portal.Audit.AuditActor.System("e2e"));
        var id = created.Id ?? throw new InvalidOperationException(string.Join(" ", created.Errors.SelectMany(e => e.Value)));

        var page = await browser.OpenAsync("/on-call");
        var row = page.Locator($"[data-testid='inflight-row'][data-release='{id}']");
        // Live: the row reaches 25% through the event stream, without reloading.
        await Assertions.Expect(row.Locator("[data-testid='inflight-weight']")).ToHaveAttributeAsync("data-weight", "25", new() { Timeout = 30_000 });
        await Assertions.Expect(row).ToHaveAttributeAsync("data-health", "green");
        Directory.CreateDirectory(Screenshots);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "oncall-light.png"), FullPage = true });
        await page.GetByLabel("Toggle dark mode").ClickAsync();
        await page.WaitForFunctionAsync(DarkBackground);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "oncall-dark.png"), FullPage = true });

        var link = row.Locator("[data-testid='inflight-last-event']");
        var href = await link.GetAttributeAsync("href") ?? "";
        var seq = href[(href.IndexOf("event=", StringComparison.Ordinal) + "event=".Length)..];
        await link.ClickAsync();
        var highlighted = page.Locator($"[data-testid='timeline-entry'][data-seq='{seq}']");
        await Assertions.Expect(highlighted).ToHaveAttributeAsync("data-highlighted", "true");
        await Assertions.Expect(highlighted).ToBeInViewportAsync();
        await Assertions.Expect(page.Locator("[data-testid='flight-marker'][data-kind='weight']").First).ToBeAttachedAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "flight-recorder-dark.png"), FullPage = true });
        await page.GetByLabel("Toggle dark mode").ClickAsync();
        await page.WaitForFunctionAsync("!(" + DarkBackground + ")");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "flight-recorder-light.png"), FullPage = true });

        await services.GetRequiredService<ReleaseService>().ExecuteAsync(id, ReleaseCommand.Abort, PortalRelease.Portal.Audit.AuditActor.System("e2e"), "test over");
    }
}
