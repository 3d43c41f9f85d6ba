using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace PortalRelease.E2E.Tests;

/// <summary>A new user opens the portal, runs the wizard and watches the release live in a real browser.</summary>
public sealed partial class WizardTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly LocatorAssertionsToHaveAttributeOptions Rollout = new() { Timeout = 90_000 };

    [Fact]
    public async Task Wizard_HealthyVersion_TimelineReachesPromotedLive()
    {
        var page = await StartFromWizardAsync("quick-canary", "1.0.0");
        var release = page.GetByTestId("release");
        var snapshotSeq = await release.GetAttributeAsync("data-snapshot-seq");

        await Assertions.Expect(page.GetByTestId("state-chip")).ToHaveAttributeAsync("data-state", "Promoted", Rollout);

        // The page took one snapshot and then applied the live feed: no reload happened on the way.
        Assert.Equal(snapshotSeq, await release.GetAttributeAsync("data-snapshot-seq"));
        Assert.True(long.Parse(await release.GetAttributeAsync("data-last-seq") ?? "0") > long.Parse(snapshotSeq ?? "0"));
        await Assertions.Expect(page.GetByTestId("analysis")).ToContainTextAsync("Passed");
        await Assertions.Expect(page.Locator("body")).ToContainTextAsync("Set canary weight to 25%");
    }

    [Fact]
    public async Task Wizard_FaultyVersion_AnalysisFailsAndReleaseRollsBackLive()
    {
        var page = await StartFromWizardAsync("quick-canary", "1.0.1-bad");

        await Assertions.Expect(page.GetByTestId("state-chip")).ToHaveAttributeAsync("data-state", "RolledBack", Rollout);
        await Assertions.Expect(page.GetByTestId("analysis")).ToContainTextAsync("above the maximum");
        await Assertions.Expect(page.GetByTestId("release-reason")).ToContainTextAsync("Rolled back automatically: Analysis of error-rate failed");
    }

    [Fact]
    public async Task Wizard_WrongInput_ExplainsEachProblemAndStartsNothing()
    {
        var page = await browser.OpenAsync("/releases/new?template=web-canary");
        await page.GetByTestId("param-version").Locator("input").FillAsync("");
        await page.GetByTestId("param-maxErrorRate").Locator("input").FillAsync("7");
        await page.GetByTestId("param-bake").Locator("input").FillAsync("soon");

        await page.GetByTestId("to-preview").ClickAsync();

        await Assertions.Expect(page.GetByTestId("param-version")).ToContainTextAsync("A version is required");
        await Assertions.Expect(page.GetByTestId("param-maxErrorRate")).ToContainTextAsync("above the maximum");
        await Assertions.Expect(page.GetByTestId("param-bake")).ToContainTextAsync("not a duration");
        await Assertions.Expect(page.GetByTestId("plan-view")).ToHaveCountAsync(0);

        await page.GetByTestId("param-version").Locator("input").FillAsync("not a version!");
        await page.GetByTestId("to-preview").ClickAsync();
        await Assertions.Expect(page.GetByTestId("param-version")).ToContainTextAsync("is not a version");
    }

    [Fact]
    public async Task Wizard_StartDoubleClicked_CreatesExactlyOneRelease()
    {
        var page = await browser.OpenAsync("/releases/new?template=quick-canary");
        await page.GetByTestId("param-version").Locator("input").FillAsync("4.4.0");
        await page.GetByTestId("to-preview").ClickAsync();
        await Assertions.Expect(page.GetByTestId("plan-view")).ToContainTextAsync("Promote");
        var start = page.GetByTestId("start-release");
        await Assertions.Expect(start).ToBeEnabledAsync();

        await start.DblClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(ReleaseUrl(), new PageAssertionsToHaveURLOptions { Timeout = 60_000 });
        // The release page has loaded: a second start, had there been one, was made before the page left the wizard.
        await Assertions.Expect(page.GetByTestId("release-version")).ToHaveTextAsync("4.4.0", new LocatorAssertionsToHaveTextOptions { Timeout = 60_000 });
        var list = await page.APIRequest.GetAsync(browser.BaseUrl + "/api/releases");
        var ids = (await list.JsonAsync())!.Value.EnumerateArray()
            .Where(r => r.GetProperty("version").GetString() == "4.4.0")
            .Select(r => r.GetProperty("id").GetString())
            .ToList();
        var id = Assert.Single(ids);
        Assert.EndsWith($"/releases/{id}", page.Url);
    }

    /// <summary>From the home page, as a newcomer would: New release → template → version → preview → start.</summary>
    private async Task<IPage> StartFromWizardAsync(string template, string version)
    {
        var page = await browser.OpenAsync("/");
        await page.GetByTestId("new-release").First.ClickAsync();
        await page.WaitForURLAsync("**/releases/new**");
        await page.Locator($"[data-testid=template-card][data-template={template}]").GetByTestId("choose-template").ClickAsync();
        await page.GetByTestId("param-version").Locator("input").FillAsync(version);
        await page.GetByTestId("to-preview").ClickAsync();
        await Assertions.Expect(page.GetByTestId("plan-view")).ToContainTextAsync("Promote");
        var start = page.GetByTestId("start-release");
        await Assertions.Expect(start).ToBeEnabledAsync();
        await start.ClickAsync();
        // Blazor moves to the release page inside the document (history.pushState): there is no load event to wait
        // for, so poll the address and the page itself. Creating the release is a server round trip (about 0.2 s,
        // the page about 1 s) that a loaded machine stretches; allow for that rather than the 5 s default.
        await Assertions.Expect(page).ToHaveURLAsync(ReleaseUrl(), new PageAssertionsToHaveURLOptions { Timeout = 60_000 });
        await Assertions.Expect(page.GetByTestId("release-version")).ToHaveTextAsync(version, new LocatorAssertionsToHaveTextOptions { Timeout = 60_000 });
        return page;
    }

    [GeneratedRegex(@"/releases/[0-9a-f]{12}$")]
    private static partial Regex ReleaseUrl();
}
