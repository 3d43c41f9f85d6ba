using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PortalRelease.Portal.Plugins;

namespace PortalRelease.E2E.Tests;

public sealed class PluginsPageTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task PluginsPage_ShowsTheSandboxLoadedFromDisk()
    {
        var page = await browser.OpenAsync("/plugins");

        var row = page.Locator("tr", new PageLocatorOptions { HasText = "plugins/Sandbox/" }).First;
        await Assertions.Expect(row).ToContainTextAsync("Loaded");
        await Assertions.Expect(row).ToContainTextAsync("1.0.0");
    }

    [Fact]
    public async Task PluginsPage_DevelopmentMode_ShowsTheBannerAndCopiesTheFolderHash()
    {
        var sha256 = browser.Server.Services.GetRequiredService<PluginCatalog>().Find("Sandbox")!.Sha256!;
        var page = await browser.OpenAsync("/plugins");
        await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new BrowserContextGrantPermissionsOptions { Origin = browser.BaseUrl });

        await Assertions.Expect(page.Locator("#plugins-development-mode")).ToContainTextAsync("allowlist not enforced");
        await Assertions.Expect(page.Locator("[data-sha256=Sandbox]")).ToContainTextAsync(sha256[..12]);
        await page.Locator("button[data-copy-sha256=Sandbox]").ClickAsync();

        await Assertions.Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("SHA-256 copied");
        Assert.Equal(sha256, await page.EvaluateAsync<string>("navigator.clipboard.readText()"));
    }

    [Fact]
    public async Task PluginsPage_PluginFolderDroppedInWhileOpen_AppearsWithoutReloadingThePage()
    {
        var catalog = browser.Server.Services.GetRequiredService<PluginCatalog>();
        var page = await browser.OpenAsync("/plugins");
        var staging = Path.Combine(Path.GetDirectoryName(catalog.PluginsDirectory)!, "staging-second-sandbox");

        // A second copy of the Sandbox: same id, so the portal lists it and says why it cannot load it too.
        RepoPaths.CopyDirectory(Path.Combine(catalog.PluginsDirectory, "Sandbox"), staging);
        Directory.Move(staging, Path.Combine(catalog.PluginsDirectory, "Sandbox-Second"));

        var row = page.Locator("tr", new PageLocatorOptions { HasText = "plugins/Sandbox-Second/" });
        await Assertions.Expect(row).ToContainTextAsync("Failed");
        await Assertions.Expect(row).ToContainTextAsync("already loaded from folder 'Sandbox'");
    }
}
