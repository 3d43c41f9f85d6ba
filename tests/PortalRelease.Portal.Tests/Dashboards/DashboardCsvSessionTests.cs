using System.Net;
using PortalRelease.Portal.Tests.Identity;

namespace PortalRelease.Portal.Tests.Dashboards;

/// <summary>
/// The delivery dashboard's CSV links in the shipped sign-in mode: the browser's session cookie downloads from
/// <c>/dashboards/delivery.csv</c> and <c>/dashboards/delivery/releases.csv</c>, while <c>/api</c> keeps refusing the
/// cookie (it wants a token) and nobody signed in gets anything.
/// </summary>
public sealed class DashboardCsvSessionTests
{
    private const string NewPassword = "a long password nobody guesses";

    [Fact]
    public async Task PageCsv_WithTheSessionCookie_Downloads_ButTheApiRefusesTheCookie_AndAnonymousIsRefused()
    {
        await using var portal = new LocalPortal();
        var browser = portal.Browser();
        (await browser.GetAsync("/healthz")).Dispose();
        (await LocalPortal.SignInAsync(browser, "admin", portal.InitialPassword())).Dispose();
        (await LocalPortal.ChangePasswordAsync(browser, portal.InitialPassword(), NewPassword)).Dispose();

        using var summary = await browser.GetAsync("/dashboards/delivery.csv?table=trend");
        using var releases = await browser.GetAsync("/dashboards/delivery/releases.csv?figure=deployments");
        using var api = await browser.GetAsync("/api/dashboards/delivery.csv?table=trend");
        using var anonymous = await portal.Browser().GetAsync("/dashboards/delivery.csv");
        using var anonymousReleases = await portal.Browser().GetAsync("/dashboards/delivery/releases.csv?figure=deployments");

        Assert.Equal(HttpStatusCode.OK, summary.StatusCode);
        Assert.Equal("text/csv", summary.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", summary.Content.Headers.ContentDisposition?.DispositionType);
        Assert.StartsWith("week_start", await summary.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, releases.StatusCode);
        Assert.Equal("text/csv", releases.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousReleases.StatusCode);
    }
}
