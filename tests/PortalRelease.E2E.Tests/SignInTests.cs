using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;

namespace PortalRelease.E2E.Tests;

/// <summary>The shipped default in a real browser: built-in accounts, the printed first password.</summary>
public sealed class SignInBrowserFixture() : BrowserFixture(new PortalServer(new Dictionary<string, string> { ["Portal:Auth:Mode"] = "Local" }));

/// <summary>A newcomer signs in with the printed password, chooses their own, runs a release as themselves, signs out.</summary>
public sealed partial class SignInTests(SignInBrowserFixture browser) : IClassFixture<SignInBrowserFixture>
{
    private const string NewPassword = "a long password nobody guesses";

    [Fact]
    public async Task FirstAdmin_SignsInChangesPasswordRunsAReleaseAndSignsOut()
    {
        var page = await browser.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        page.SetDefaultTimeout(20_000);
        await page.GotoAsync(browser.BaseUrl + "/templates");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account/login\\?ReturnUrl=%2Ftemplates$"));

        // A wrong password first, as people do.
        await page.Locator("#username").FillAsync("admin");
        await page.Locator("#password").FillAsync("admin");
        await page.GetByTestId("login-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("login-error")).ToContainTextAsync("not right");

        var printed = (await File.ReadAllTextAsync(Path.Combine(browser.Server.DataDirectory, "initial-admin-password"))).Trim();
        await page.Locator("#username").FillAsync("admin");
        await page.Locator("#password").FillAsync(printed);
        await page.GetByTestId("login-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("password-must-change")).ToBeVisibleAsync();
        await page.Locator("#current").FillAsync(printed);
        await page.Locator("#replacement").FillAsync(NewPassword);
        await page.Locator("#confirm").FillAsync(NewPassword);
        await page.GetByTestId("password-submit").ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/templates$"));
        await page.Locator("[data-circuit='on']").WaitForAsync();
        await Assertions.Expect(page.GetByTestId("user-menu")).ToContainTextAsync("Administrator");

        await page.Locator("[data-testid=template][data-template=quick-canary]").GetByTestId("start-from-template").ClickAsync();
        await page.GetByTestId("param-version").Locator("input").FillAsync("2.0.0");
        await page.GetByTestId("to-preview").ClickAsync();
        await Assertions.Expect(page.GetByTestId("plan-view")).ToContainTextAsync("Promote");
        await page.GetByTestId("start-release").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(ReleaseUrl(), new PageAssertionsToHaveURLOptions { Timeout = 60_000 });
        var id = ReleaseUrl().Match(page.Url).Groups["id"].Value;
        Assert.Equal("admin", await CreatorAsync(id));

        await page.GetByTestId("user-menu").ClickAsync();
        await Assertions.Expect(page.GetByTestId("user-groups")).ToContainTextAsync("admins");
        await page.GetByTestId("user-sign-out").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account/login\\?signedOut=1$"));
        await page.GotoAsync(browser.BaseUrl + "/templates");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account/login"));
    }

    private async Task<string?> CreatorAsync(string releaseId)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(browser.Server.DataDirectory, "portal.db")};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT actor FROM journal WHERE release_id = $id ORDER BY seq LIMIT 1";
        command.Parameters.AddWithValue("$id", releaseId);
        return (string?)await command.ExecuteScalarAsync();
    }

    [GeneratedRegex(@"/releases/(?<id>[0-9a-f]{12})$")]
    private static partial Regex ReleaseUrl();
}
