using System.Net;
using PortalRelease.Portal.Tests.Identity;

namespace PortalRelease.Portal.Tests.Audit;

/// <summary>
/// The Audit page's export links in the shipped sign-in mode: the browser's session cookie downloads from
/// <c>/audit/export</c>, while <c>/api/audit/export</c> keeps refusing the cookie (it wants a token).
/// </summary>
public sealed class AuditExportSessionTests
{
    private const string NewPassword = "a long password nobody guesses";

    [Fact]
    public async Task PageExport_WithTheSessionCookie_DownloadsTheFilteredLog_ButTheApiStillRefusesTheCookie()
    {
        await using var portal = new LocalPortal();
        var browser = portal.Browser();
        (await browser.GetAsync("/healthz")).Dispose();
        (await LocalPortal.SignInAsync(browser, "admin", portal.InitialPassword())).Dispose();
        (await LocalPortal.ChangePasswordAsync(browser, portal.InitialPassword(), NewPassword)).Dispose();

        using var page = await browser.GetAsync("/audit/export?format=csv&action=auth");
        using var api = await browser.GetAsync("/api/audit/export?format=csv&action=auth");
        using var anonymous = await portal.Browser().GetAsync("/audit/export?format=csv");

        var csv = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("attachment", page.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Contains("\"auth.sign-in\"", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("\"account.", csv, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }
}
