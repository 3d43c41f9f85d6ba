using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace PortalRelease.E2E.Tests;

/// <summary>Its own portal in the shipped Local mode: the journey starts from the printed first password.</summary>
public sealed class NewUserJourneyBrowserFixture() : BrowserFixture(new PortalServer(new Dictionary<string, string> { ["Portal:Auth:Mode"] = "Local" }));

/// <summary>
/// A new person's first day, in a real browser: the admin adds dana (group payments) in the Access page's Users
/// section, hands over the one-time password, grants group payments deployer, and signs out; dana signs in with it,
/// must choose her own, starts a quick-canary release and sees its page.
/// </summary>
public sealed partial class NewUserJourneyTests(NewUserJourneyBrowserFixture browser) : IClassFixture<NewUserJourneyBrowserFixture>
{
    private const string AdminPassword = "a long password nobody guesses";
    private const string DanaPassword = "dana's own long password";

    [Fact]
    public async Task NewUser_AddedAndGrantedOnTheAccessPage_SignsInChangesPasswordAndStartsARelease()
    {
        var page = await browser.Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        page.SetDefaultTimeout(20_000);

        var printed = (await File.ReadAllTextAsync(Path.Combine(browser.Server.DataDirectory, "initial-admin-password"))).Trim();
        await page.GotoAsync(browser.BaseUrl + "/access");
        await SignInAsync(page, "admin", printed, AdminPassword);
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/access$"));
        await page.Locator("[data-circuit='on']").WaitForAsync();

        await page.GetByTestId("user-name").FillAsync("dana");
        await page.GetByTestId("user-display-name").FillAsync("Dana K");
        await page.GetByTestId("user-groups").FillAsync("payments");
        await page.GetByTestId("user-add").ClickAsync();
        var oneTime = page.GetByTestId("one-time-password");
        await Assertions.Expect(oneTime).ToHaveValueAsync(new Regex(@"^\S{8,}$"));
        var danaFirst = await oneTime.InputValueAsync();
        await page.GetByTestId("one-time-password-done").ClickAsync();
        await Assertions.Expect(oneTime).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=user-row][data-user=dana]")).ToContainTextAsync("must change password");

        await ChooseAsync(page, "grant-kind", "A group");
        await page.GetByTestId("grant-subject").FillAsync("payments");
        await ChooseAsync(page, "grant-role", "deployer");
        await page.GetByTestId("grant-add").ClickAsync();
        await Assertions.Expect(page.GetByTestId("grants")).ToContainTextAsync("group payments");
        await Assertions.Expect(page.GetByTestId("grant-row").Filter(new() { HasText = "group payments" })).ToContainTextAsync("deployer");

        await SignOutAsync(page);

        await page.GotoAsync(browser.BaseUrl + "/templates");
        await SignInAsync(page, "dana", danaFirst, DanaPassword);
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/templates$"));
        await page.Locator("[data-circuit='on']").WaitForAsync();
        await Assertions.Expect(page.GetByTestId("user-menu")).ToContainTextAsync("Dana K");

        await page.Locator("[data-testid=template][data-template=quick-canary]").GetByTestId("start-from-template").ClickAsync();
        await page.Locator("[data-circuit='on']").WaitForAsync();
        await page.GetByTestId("param-version").Locator("input").FillAsync("4.2.0");
        await page.GetByTestId("to-preview").ClickAsync();
        await Assertions.Expect(page.GetByTestId("plan-view")).ToContainTextAsync("Promote");
        await page.GetByTestId("start-release").ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(ReleaseUrl(), new PageAssertionsToHaveURLOptions { Timeout = 60_000 });
        await page.Locator("[data-circuit='on']").WaitForAsync();
        await Assertions.Expect(page.GetByTestId("release-version")).ToContainTextAsync("4.2.0");
        await Assertions.Expect(page.GetByTestId("release-forbidden")).ToHaveCountAsync(0);
    }

    /// <summary>Signs in on the login page the portal redirected to; a first password must be changed, then it returns.</summary>
    private static async Task SignInAsync(IPage page, string user, string first, string chosen)
    {
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account/login"));
        await page.Locator("#username").FillAsync(user);
        await page.Locator("#password").FillAsync(first);
        await page.GetByTestId("login-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("password-must-change")).ToBeVisibleAsync();
        await page.Locator("#current").FillAsync(first);
        await page.Locator("#replacement").FillAsync(chosen);
        await page.Locator("#confirm").FillAsync(chosen);
        await page.GetByTestId("password-submit").ClickAsync();
    }

    private static async Task SignOutAsync(IPage page)
    {
        await page.GetByTestId("user-menu").ClickAsync();
        await page.GetByTestId("user-sign-out").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/account/login\\?signedOut=1$"));
    }

    /// <summary>Opens a MudSelect (its data-testid sits on the inner input) and picks the item of that text.</summary>
    private static async Task ChooseAsync(IPage page, string testId, string item)
    {
        await page.Locator(".mud-input-control.mud-select").Filter(new() { Has = page.GetByTestId(testId) }).ClickAsync();
        var option = page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasTextRegex = new Regex($"^\\s*{Regex.Escape(item)}\\s*$") });
        await option.ClickAsync();
        await Assertions.Expect(option).ToHaveCountAsync(0);
    }

    [GeneratedRegex(@"/releases/(?<id>[0-9a-f]{12})$")]
    private static partial Regex ReleaseUrl();
}
