using Microsoft.Playwright;

namespace PortalRelease.E2E.Tests;

/// <summary>One portal and one headless Debian chromium shared by the browser tests of a class.</summary>
public class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public BrowserFixture()
        : this(new PortalServer())
    {
    }

    /// <summary>A browser over a portal configured otherwise (roles, the identity picker): see <see cref="GatesBrowserFixture"/>.</summary>
    protected BrowserFixture(PortalServer server)
    {
        Server = server;
    }

    public PortalServer Server { get; }

    public IBrowser Browser { get; private set; } = null!;

    public string BaseUrl { get; private set; } = "";

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"Browser tests need Debian's chromium at {ChromiumPath}: apt-get install -y chromium (tests/run-all.sh does this).");
        }
        BaseUrl = Server.BaseUrl;
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
    }

    /// <summary>A fresh page at <paramref name="path"/>, once the Blazor circuit is connected and the page is interactive.</summary>
    public async Task<IPage> OpenAsync(string path)
    {
        var page = await Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        page.SetDefaultTimeout(20_000);
        await page.GotoAsync(BaseUrl + path);
        await page.Locator("[data-circuit='on']").WaitForAsync();
        return page;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }
        _playwright?.Dispose();
        await Server.DisposeAsync();
    }
}
