using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PortalRelease.Portal.Audit;
using PortalRelease.Portal.Data;

namespace PortalRelease.E2E.Tests;

/// <summary>The Audit page in the shipped sign-in mode: the export downloads with the browser's session, not a token.</summary>
public sealed class AuditBrowserFixture() : BrowserFixture(new PortalServer(new Dictionary<string, string> { ["Portal:Auth:Mode"] = "Local" }));

public sealed class AuditPageTests(AuditBrowserFixture browser) : IClassFixture<AuditBrowserFixture>
{
    private const string Password = "a long password nobody guesses";
    private const int ErinRows = 205;
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 8, 0, 0, TimeSpan.Zero);

    private const string DarkBackground = "(() => { const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\\d+/g).map(Number); return r + g + b < 300; })()";

    /// <summary>Where the screenshots of both themes go, for a person to look at.</summary>
    private static readonly string Screenshots = Path.Combine(Path.GetTempPath(), "portal-screenshots");

    [Fact]
    public async Task Audit_FilterSharesTheUrl_RefusesABadTime_AndExportsTheFilteredRowsAsCsvAndJsonLines()
    {
        await SeedAsync();
        var page = await SignedInAsync();
        await page.GotoAsync(browser.BaseUrl + "/audit");
        await page.Locator("[data-circuit='on']").WaitForAsync();
        await Assertions.Expect(page.GetByTestId("audit-row").First).ToBeVisibleAsync();

        await page.GetByTestId("filter-actor").Locator("input").FillAsync("carol");
        await page.GetByTestId("filter-action").Locator("input").FillAsync("target");
        await page.GetByTestId("filter-apply").ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/audit\\?actor=carol&action=target$"));
        await Assertions.Expect(page.GetByTestId("audit-row")).ToHaveCountAsync(2);
        await Assertions.Expect(page.GetByTestId("audit-row").First).ToHaveAttributeAsync("data-action", "target.delete");

        await page.GetByTestId("audit-expand").First.ClickAsync();
        await Assertions.Expect(page.GetByTestId("audit-details")).ToContainTextAsync("\"reason\"");
        Directory.CreateDirectory(Screenshots);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "audit-light.png"), FullPage = true });
        await page.GetByLabel("Toggle dark mode").ClickAsync();
        await page.WaitForFunctionAsync(DarkBackground);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "audit-dark.png"), FullPage = true });

        var csv = await DownloadAsync(page, "export-csv");
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(AuditExport.CsvHeader, lines[0]);
        Assert.Equal(["\"target.create\"", "\"target.delete\""], lines.Skip(1).Select(l => l.Split(',')[6]));
        Assert.Contains("\"'=1+1\"", lines[1], StringComparison.Ordinal);
        var jsonl = await DownloadAsync(page, "export-jsonl");
        Assert.Equal(2, jsonl.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        // The filtered view's URL, opened in another tab, shows the same rows; a bad time says what is wrong.
        var shared = await page.Context.NewPageAsync();
        await shared.GotoAsync(page.Url);
        await Assertions.Expect(shared.GetByTestId("audit-row")).ToHaveCountAsync(2);
        await page.GetByTestId("filter-from").Locator("input").FillAsync("last tuesday");
        await page.GetByTestId("filter-from").Locator("input").PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("audit-filter-error")).ToContainTextAsync("From: 'last tuesday' is not an ISO 8601 date or time");
        await Assertions.Expect(page.GetByTestId("audit-row")).ToHaveCountAsync(0);

        // Load more pages on; a double click on Verify now walks the chains once.
        await page.GotoAsync(browser.BaseUrl + "/audit?actor=erin");
        await page.Locator("[data-circuit='on']").WaitForAsync();
        var table = page.GetByTestId("audit-table");
        await Assertions.Expect(table).ToHaveAttributeAsync("data-count", "100");
        await page.GetByTestId("audit-more").ClickAsync();
        await Assertions.Expect(table).ToHaveAttributeAsync("data-count", "200");
        await page.GetByTestId("chain-verify").DblClickAsync();
        var chain = page.GetByTestId("chain-status");
        await Assertions.Expect(chain).ToHaveAttributeAsync("data-state", "intact");
        await Assertions.Expect(chain).ToHaveAttributeAsync("data-verifications", "1");
        // One more click round-trips after the double click was handled: it verified once.
        await page.GetByTestId("audit-more").ClickAsync();
        await Assertions.Expect(table).ToHaveAttributeAsync("data-count", $"{ErinRows}");
        await Assertions.Expect(page.GetByTestId("audit-more")).ToHaveCountAsync(0);
        await Assertions.Expect(chain).ToHaveAttributeAsync("data-verifications", "1");
        await Assertions.Expect(page.GetByTestId("chain-summary")).ToContainTextAsync("audit_log");
    }

    private static async Task<string> DownloadAsync(IPage page, string item)
    {
        await page.GetByTestId("audit-export").Locator("button").ClickAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId(item).ClickAsync());
        Assert.Null(await download.FailureAsync());
        return await File.ReadAllTextAsync((await download.PathAsync())!);
    }

    private async Task SeedAsync()
    {
        var log = browser.Server.Services.GetRequiredService<AuditLogRepository>();
        (string Actor, string Action, string Resource)[] rows =
        [
            ("carol", "target.create", "=1+1"), ("dave", "target.create", "k8s-us"), ("carol", "template.import", "web@1"), ("carol", "target.delete", "k8s-eu"),
        ];
        for (var i = 0; i < rows.Length; i++)
        {
            await log.AppendAsync(new AuditRow(DbTime.Format(T0.AddMinutes(i)), rows[i].Actor, rows[i].Actor, "local", "10.0.0.9", rows[i].Action, "target", rows[i].Resource,
                "ok", "{\"reason\":\"change " + i.ToString(System.Globalization.CultureInfo.InvariantCulture) + ", as planned\",\"settings\":{\"replicas\":{\"from\":2,\"to\":3}}}"));
        }
        for (var i = 0; i < ErinRows; i++)
        {
            await log.AppendAsync(new AuditRow(DbTime.Format(T0.AddHours(1).AddSeconds(i)), "erin", "Erin", "token:t9", "10.0.0.10", "token.create", "api-token", $"t{i}", "ok", "{}"));
        }
    }

    /// <summary>The first admin, signed in with the printed password changed: the session every export link rides on.</summary>
    private async Task<IPage> SignedInAsync()
    {
        // A context of its own, so the shared link can open in a second tab of the same session.
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 }, AcceptDownloads = true });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(20_000);
        await page.GotoAsync(browser.BaseUrl + "/account/login");
        var printed = (await File.ReadAllTextAsync(Path.Combine(browser.Server.DataDirectory, "initial-admin-password"))).Trim();
        await page.Locator("#username").FillAsync("admin");
        await page.Locator("#password").FillAsync(printed);
        await page.GetByTestId("login-submit").ClickAsync();
        await page.Locator("#current").FillAsync(printed);
        await page.Locator("#replacement").FillAsync(Password);
        await page.Locator("#confirm").FillAsync(Password);
        await page.GetByTestId("password-submit").ClickAsync();
        await page.Locator("[data-circuit='on']").WaitForAsync();
        return page;
    }
}
