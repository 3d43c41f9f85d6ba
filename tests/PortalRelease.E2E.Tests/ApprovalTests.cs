using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using PortalRelease.Portal.Data;

namespace PortalRelease.E2E.Tests;

/// <summary>An approval gate from the browser: the author starts, cannot approve, a release manager approves on /approvals.</summary>
public sealed partial class ApprovalTests(GatesBrowserFixture browser) : IClassFixture<GatesBrowserFixture>
{
    private const string Gated = """
        name: approval-walk
        description: One release manager approves before the canary.
        service: storefront
        stages:
          - name: production
            approval: { role: release-managers, approvers: 1 }
            targets: [sandbox-eu]
            steps:
              - setWeight: 50
        """;

    private static readonly LocatorAssertionsToHaveAttributeOptions Rollout = new() { Timeout = 90_000 };

    [Fact]
    public async Task Approval_AuthorNotOfferedApproveAndReleaseManagerApproves_ReleaseGoesOnToPromoted()
    {
        await browser.Server.Services.GetRequiredService<TemplateRepository>().SaveAsync("approval-walk", null, Gated, "tester", DateTimeOffset.UtcNow);
        var page = await browser.OpenAsync("/releases/new?template=approval-walk");
        await SwitchToAsync(page, "alice");

        await page.GetByTestId("param-version").Locator("input").FillAsync("5.0.0");
        await page.GetByTestId("to-preview").ClickAsync();
        // Before start: who can approve, and that the author is never one of them.
        await Assertions.Expect(page.GetByTestId("plan-gate")).ToContainTextAsync("Needs 1 approval from release-managers (alice, bob), never the author.");
        await page.GetByTestId("start-release").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(ReleaseUrl(), new PageAssertionsToHaveURLOptions { Timeout = 60_000 });
        // The author is not offered Approve: the panel says why and who can.
        await Assertions.Expect(page.GetByTestId("gate-cannot-approve")).ToContainTextAsync(
            "cannot approve it: another member of release-managers must (bob).", new LocatorAssertionsToContainTextOptions { Timeout = 90_000 });
        await Assertions.Expect(page.GetByTestId("gate-approve")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("gate-approval")).ToContainTextAsync("0 of 1 approval from release-managers");
        await Assertions.Expect(page.GetByTestId("gate-approval")).ToContainTextAsync("Can approve: bob");
        var release = await page.GetByTestId("release").GetAttributeAsync("data-release");

        // Bob finds it on his approvals page and approves it there.
        await SwitchToAsync(page, "bob");
        await page.GetByRole(AriaRole.Link, new() { Name = "Approvals" }).ClickAsync();
        var row = page.GetByTestId("approvals-table").Locator("tr", new() { Has = page.Locator($"a[href='/releases/{release}']") });
        await Assertions.Expect(row.GetByTestId("approval-progress")).ToContainTextAsync("0 of 1");
        await row.GetByTestId("approve").ClickAsync();
        await page.GetByRole(AriaRole.Dialog).Locator("textarea").FillAsync("checked the change log");
        await page.GetByTestId("approval-confirm").ClickAsync();
        await Assertions.Expect(page.GetByTestId("approvals-empty")).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 30_000 });

        await page.GotoAsync($"{browser.BaseUrl}/releases/{release}");
        await Assertions.Expect(page.GetByTestId("state-chip")).ToHaveAttributeAsync("data-state", "Promoted", Rollout);
        await Assertions.Expect(page.GetByTestId("gate-status")).ToContainTextAsync("bob");
    }

    private static async Task SwitchToAsync(IPage page, string user)
    {
        await page.GetByTestId("identity-picker").ClickAsync();
        await page.GetByTestId($"identity-{user}").ClickAsync();
        await Assertions.Expect(page.GetByTestId("identity-picker")).ToContainTextAsync(user);
    }

    [GeneratedRegex(@"/releases/[0-9a-f]{12}$")]
    private static partial Regex ReleaseUrl();
}
