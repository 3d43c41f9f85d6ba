using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;
using PortalRelease.Tests.Oidc;

namespace PortalRelease.E2E.Tests;

/// <summary>
/// The portal in <c>Portal:Auth:Mode: Oidc</c> against a real OpenID provider nobody here wrote (npm oidc-provider under
/// node), with headless Debian chromium: the provider is started first, the portal pointed at it, and the portal's
/// client registered at the provider once the portal's address is known.
/// </summary>
public sealed class OidcBrowserFixture : IAsyncLifetime
{
    private static readonly string[] AliceGroups = ["payments", "sre"];
    private IPlaywright? _playwright;

    public OidcTestProvider Provider { get; private set; } = null!;

    public PortalServer Server { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public string BaseUrl { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Provider = await OidcTestProvider.StartAsync(new Dictionary<string, OidcTestUser>
        {
            ["alice"] = new("Alice Example", "alice@example.test", AliceGroups),
        });
        var secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        Server = new PortalServer(new Dictionary<string, string>
        {
            ["Portal:Auth:Mode"] = "Oidc",
            ["Portal:Auth:Oidc:Authority"] = Provider.Issuer.ToString(),
            ["Portal:Auth:Oidc:ClientId"] = "portal-e2e",
            ["Portal:Auth:Oidc:ClientSecret"] = secret,
            ["Portal:Auth:Oidc:RequireHttpsMetadata"] = "false",
            ["Portal:Auth:Oidc:Scopes:0"] = "openid",
            ["Portal:Auth:Oidc:Scopes:1"] = "profile",
            ["Portal:Auth:Oidc:Scopes:2"] = "email",
            ["Portal:Auth:Oidc:Scopes:3"] = "groups",
            // payments may deploy the quick-* services; nothing else beyond viewing.
            ["Portal:Access:Grants:0:Group"] = "payments",
            ["Portal:Access:Grants:0:Role"] = "deployer",
            ["Portal:Access:Grants:0:Services:0"] = "quick-*",
            ["Portal:Access:Grants:1:Everyone"] = "true",
            ["Portal:Access:Grants:1:Role"] = "viewer",
        });
        BaseUrl = Server.BaseUrl;
        await Provider.RegisterClientAsync("portal-e2e", secret, new Uri(BaseUrl));
        if (!File.Exists(BrowserFixture.ChromiumPath))
        {
            throw new InvalidOperationException($"Browser tests need Debian's chromium at {BrowserFixture.ChromiumPath}: apt-get install -y chromium (tests/run-all.sh does this).");
        }
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = BrowserFixture.ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }
        _playwright?.Dispose();
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
        if (Provider is not null)
        {
            await Provider.DisposeAsync();
        }
    }
}

/// <summary>Signing in through the provider's own login page, acting as that user, signing out at both ends.</summary>
public sealed partial class OidcSignInBrowserTests(OidcBrowserFixture fixture) : IClassFixture<OidcBrowserFixture>
{
    private static readonly string Screenshots = Path.Combine(Path.GetTempPath(), "portal-screenshots");

    // The theme switches on the next render: wait for the page background to turn dark before the screenshot.
    private const string DarkBackground = "(() => { const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\\d+/g).map(Number); return r + g + b < 300; })()";

    [Fact]
    public async Task OidcUser_SignsInAtProviderSeesNameAndGroupsActsAsThemselvesAndSignsOut()
    {
        Directory.CreateDirectory(Screenshots);
        var page = await fixture.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        page.SetDefaultTimeout(20_000);

        // A page that needs a user sends the browser to the provider's own login page.
        await page.GotoAsync(fixture.BaseUrl + "/templates");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("^" + Regex.Escape(fixture.Provider.Issuer.GetLeftPart(UriPartial.Authority)) + "/interaction/"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "oidc-provider-login.png") });
        await page.Locator("input[name=login]").FillAsync("alice");
        await page.Locator("input[name=password]").FillAsync("any password");
        await page.Locator("button[type=submit]").ClickAsync();
        // The provider asks once whether the portal may have the profile, e-mail and groups.
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();

        // Back where the user was going, signed in as the provider's user, with their groups in the layout.
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/templates$"));
        await page.Locator("[data-circuit='on']").WaitForAsync();
        await Assertions.Expect(page.GetByTestId("user-menu")).ToContainTextAsync("Alice Example");
        await page.GetByTestId("user-menu").ClickAsync();
        await Assertions.Expect(page.GetByTestId("user-identity")).ToContainTextAsync("(alice)");
        await Assertions.Expect(page.GetByTestId("user-groups")).ToContainTextAsync("Groups: payments, sre");
        await Assertions.Expect(page.GetByTestId("user-change-password")).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "oidc-signed-in-light.png") });
        await page.Keyboard.PressAsync("Escape");
        await page.GetByLabel("Toggle dark mode").ClickAsync();
        await page.WaitForFunctionAsync(DarkBackground);
        await page.GetByTestId("user-menu").ClickAsync();
        await Assertions.Expect(page.GetByTestId("user-groups")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "oidc-signed-in-dark.png") });
        await page.Keyboard.PressAsync("Escape");

        // What they do is recorded under the provider's user id.
        await page.Locator("[data-testid=template][data-template=quick-canary]").GetByTestId("start-from-template").ClickAsync();
        await page.GetByTestId("param-version").Locator("input").FillAsync("3.0.0");
        await page.GetByTestId("to-preview").ClickAsync();
        await page.GetByTestId("start-release").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(ReleaseUrl(), new PageAssertionsToHaveURLOptions { Timeout = 60_000 });
        Assert.Equal("alice", await CreatorAsync(ReleaseUrl().Match(page.Url).Groups["id"].Value));

        // What her groups do not allow is refused before she can try, saying why: payments deploys quick-* only.
        await page.GotoAsync(fixture.BaseUrl + "/templates");
        await page.Locator("[data-circuit='on']").WaitForAsync();
        await page.Locator("[data-testid=template][data-template=all-at-once]").GetByTestId("start-from-template").ClickAsync();
        await page.GetByTestId("param-version").Locator("input").FillAsync("3.0.1");
        await page.GetByTestId("to-preview").ClickAsync();
        await Assertions.Expect(page.GetByTestId("start-forbidden")).ToContainTextAsync("alice may not start or steer releases of service 'all-at-once'");
        await Assertions.Expect(page.GetByTestId("start-release")).ToBeDisabledAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "oidc-start-forbidden.png"), FullPage = true });
        await page.GotoAsync(fixture.BaseUrl + "/access");
        // A full page load: the menu answers clicks only once this page's circuit is up.
        await page.Locator("[data-circuit='on']").WaitForAsync();
        await Assertions.Expect(page.GetByTestId("access-me-grants")).ToContainTextAsync("deployer for group payments");
        await Assertions.Expect(page.GetByTestId("access-readonly")).ToBeVisibleAsync();

        // Signing out ends the provider's session too: it confirms, then hands the browser back to the portal.
        await page.GetByTestId("user-menu").ClickAsync();
        await page.GetByTestId("user-sign-out").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Yes, sign me out" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account/login\\?signedOut=1$"));
        await Assertions.Expect(page.GetByText("You are signed out.")).ToBeVisibleAsync();
        await page.GotoAsync(fixture.BaseUrl + "/templates");
        await Assertions.Expect(page.Locator("input[name=login]")).ToBeVisibleAsync();
    }

    private async Task<string?> CreatorAsync(string releaseId)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(fixture.Server.DataDirectory, "portal.db")};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT actor FROM journal WHERE release_id = $id ORDER BY seq LIMIT 1";
        command.Parameters.AddWithValue("$id", releaseId);
        return (string?)await command.ExecuteScalarAsync();
    }

    [GeneratedRegex(@"/releases/(?<id>[0-9a-f]{12})$")]
    private static partial Regex ReleaseUrl();
}
