using Microsoft.Playwright;

namespace PortalRelease.E2E.Tests;

public sealed class PluginsPageTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task PluginsPage_ShowsTheSandboxLoadedFromDisk()
    {
        var page = await browser.OpenAsync("/plugins");

        var row = page.Locator("tr", new PageLocatorOptions { HasText = "sandbox" }).First;
        await Assertions.Expect(row).ToContainTextAsync("Loaded");
        await Assertions.Expect(row).ToContainTextAsync("1.0.0");
    }
}
