using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace PortalRelease.Portal.Tests.Identity.Oidc;

/// <summary>
/// Signing in with OpenID Connect against a real provider nobody here wrote (oidc-provider under node), driven over
/// HTTP through the provider's own login and consent pages.
/// </summary>
public sealed class OidcSignInTests(OidcProviderFixture fixture) : IClassFixture<OidcProviderFixture>
{
    [Fact]
    public async Task AnonymousPage_OidcMode_RedirectsToProviderAuthorizeWithPkce()
    {
        await using var portal = await OidcPortal.StartAsync(fixture.Provider);
        using var browser = new OidcBrowser();

        using var response = await browser.GetAsync(portal.Url("/releases"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        Assert.Equal(new Uri(fixture.Provider.Issuer, "/auth").GetLeftPart(UriPartial.Path), location.GetLeftPart(UriPartial.Path));
        var query = QueryHelpers.ParseQuery(location.Query);
        Assert.Equal("code", query["response_type"].ToString());
        Assert.Equal("S256", query["code_challenge_method"].ToString());
        Assert.Matches("^[A-Za-z0-9_-]{43}$", query["code_challenge"].ToString());
        Assert.Equal(portal.Url("/signin-oidc").ToString(), query["redirect_uri"].ToString());
        Assert.Equal("openid profile email groups", query["scope"].ToString());
        Assert.False(string.IsNullOrEmpty(query["state"]));
        Assert.False(string.IsNullOrEmpty(query["nonce"]));
    }

    [Fact]
    public async Task SignInPage_OidcMode_GoesToProviderKeepingOnlyLocalReturnUrls()
    {
        await using var portal = await OidcPortal.StartAsync(fixture.Provider);
        using var browser = new OidcBrowser();

        using var local = await browser.FollowAsync(await browser.GetAsync(portal.Url("/account/login?ReturnUrl=%2Ftemplates")));
        using var foreign = await browser.FollowAsync(await browser.GetAsync(portal.Url("/account/login?ReturnUrl=%2F%2Fevil.example%2Fx")));

        // Both end on the provider's login page; where each returns to is sealed in the state, seen after signing in.
        Assert.Contains("name=\"login\"", await local.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(fixture.Provider.Issuer.Authority, local.RequestMessage!.RequestUri!.Authority);
        Assert.Equal(fixture.Provider.Issuer.Authority, foreign.RequestMessage!.RequestUri!.Authority);
        using var back = await SignInAtProviderAsync(browser, foreign, "alice");
        Assert.Equal(portal.Url("/").ToString(), back.RequestMessage!.RequestUri!.ToString());
    }

    [Fact]
    public async Task MachineAndNonPageRequests_OidcMode_Answer401NotARedirect()
    {
        await using var portal = await OidcPortal.StartAsync(fixture.Provider);
        using var http = new HttpClient();

        using var api = await http.GetAsync(portal.Url("/api/releases"));
        using var fetch = await http.PostAsync(portal.Url("/releases"), new StringContent("x"));

        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, fetch.StatusCode);
        Assert.Null(fetch.Headers.Location);
    }

    [Fact]
    public async Task CodeFlow_ThroughProviderLoginPage_SessionCarriesMappedUser()
    {
        await using var portal = await OidcPortal.StartAsync(fixture.Provider);
        using var browser = new OidcBrowser();

        using var loginPage = await browser.FollowAsync(await browser.GetAsync(portal.Url("/templates?view=all")));
        using var landed = await SignInAtProviderAsync(browser, loginPage, "alice");

        Assert.Equal(HttpStatusCode.OK, landed.StatusCode);
        Assert.Equal(portal.Url("/templates?view=all").ToString(), landed.RequestMessage!.RequestUri!.ToString());
        var user = portal.SessionUser(browser);
        Assert.NotNull(user);
        Assert.Equal("alice", user.Id);
        Assert.Equal("Alice Example", user.Name);
        Assert.Equal("alice@example.test", user.Email);
        Assert.Equal(["payments", "sre", "Release Managers"], user.Groups);
        Assert.Equal("oidc", user.Method);
        // The session keeps the ID token (the hint for signing out at the provider) and no access or refresh token.
        Assert.Equal(["id_token"], portal.SessionTokenNames(browser));
        Assert.Contains("Alice Example", await landed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CodeFlow_ConfiguredClaimsAndStringGroups_MapsThem()
    {
        await using var portal = await OidcPortal.StartAsync(fixture.Provider, new Dictionary<string, string>
        {
            ["Portal:Auth:Oidc:Claims:UserId"] = "email",
            ["Portal:Auth:Oidc:Claims:Name"] = "sub",
        });
        using var browser = new OidcBrowser();

        using var loginPage = await browser.FollowAsync(await browser.GetAsync(portal.Url("/")));
        using var landed = await SignInAtProviderAsync(browser, loginPage, "bob");

        var user = portal.SessionUser(browser);
        Assert.NotNull(user);
        Assert.Equal("bob@example.test", user.Id);
        Assert.Equal("bob", user.Name);
        Assert.Equal(["build", "deploy", "ops"], user.Groups);
    }

    [Theory]
    [InlineData("crowd")]
    [InlineData("longgroup")]
    public async Task CodeFlow_GroupsBeyondBounds_RefusedWithoutSession(string login)
    {
        await using var portal = await OidcPortal.StartAsync(fixture.Provider);
        using var browser = new OidcBrowser();

        using var loginPage = await browser.FollowAsync(await browser.GetAsync(portal.Url("/")));
        using var landed = await SignInAtProviderAsync(browser, loginPage, login);

        Assert.Equal(portal.Url("/account/login?failed=1").ToString(), landed.RequestMessage!.RequestUri!.ToString());
        Assert.Contains("did not succeed", await landed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(portal.SessionUser(browser));
    }

    [Fact]
    public async Task SignInsAndRefusedSignIns_OidcMode_AreInTheAuditLog()
    {
        await using var portal = await OidcPortal.StartAsync(fixture.Provider);
        using (var refused = new OidcBrowser())
        {
            (await SignInAtProviderAsync(refused, await refused.FollowAsync(await refused.GetAsync(portal.Url("/"))), "crowd")).Dispose();
        }
        using var browser = new OidcBrowser();
        (await SignInAtProviderAsync(browser, await browser.FollowAsync(await browser.GetAsync(portal.Url("/"))), "alice")).Dispose();

        var audit = await portal.Kestrel.Services.GetRequiredService<PortalRelease.Portal.Data.AuditLogQueries>()
            .NewestAsync(PortalRelease.Portal.Audit.AuditFilter.All, null, 100, CancellationToken.None);

        Assert.Equal(
            ["auth.sign-in (unknown account) oidc refused", "auth.sign-in alice oidc ok"],
            audit.OrderBy(r => r.Id).Where(r => r.Action.StartsWith("auth.", StringComparison.Ordinal))
                .Select(r => $"{r.Action} {r.ActorId} {r.AuthMethod} {r.Outcome}"));
    }

    [Fact]
    public async Task SignOut_OidcMode_EndsSessionHereAndAtProvider()
    {
        await using var portal = await OidcPortal.StartAsync(fixture.Provider);
        using var browser = new OidcBrowser();
        using var loginPage = await browser.FollowAsync(await browser.GetAsync(portal.Url("/")));
        (await SignInAtProviderAsync(browser, loginPage, "alice")).Dispose();
        Assert.NotNull(portal.SessionUser(browser));

        // The change-password page carries an antiforgery token for this session, as the layout's sign-out form does.
        var html = await (await browser.GetAsync(portal.Url("/account/password"))).Content.ReadAsStringAsync();
        var token = WebUtility.HtmlDecode(Regex.Match(html, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value);
        using var signOut = await browser.PostFormAsync(portal.Url("/account/logout"), new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["from"] = "menu",
        });

        Assert.Null(portal.SessionUser(browser));
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        var endSession = signOut.Headers.Location!;
        Assert.Equal(new Uri(fixture.Provider.Issuer, "/session/end").ToString(), endSession.GetLeftPart(UriPartial.Path));
        Assert.False(string.IsNullOrEmpty(QueryHelpers.ParseQuery(endSession.Query)["id_token_hint"]));
        // The provider asks to confirm, then sends the browser back to the portal's sign-in page, signed out.
        using var confirm = await browser.FollowAsync(signOut);
        using var back = await browser.SubmitAsync(confirm, new Dictionary<string, string> { ["logout"] = "yes" });
        Assert.Equal(portal.Url("/account/login?signedOut=1").ToString(), back.RequestMessage!.RequestUri!.ToString());
        Assert.Contains("You are signed out", await back.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // Signing in again asks for the login again: the provider's session is over too.
        using var again = await browser.FollowAsync(await browser.GetAsync(portal.Url("/")));
        Assert.Contains("name=\"login\"", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>Fills the provider's own login page, confirms its consent page, and follows the way back to the portal.</summary>
    internal static async Task<HttpResponseMessage> SignInAtProviderAsync(OidcBrowser browser, HttpResponseMessage loginPage, string login)
    {
        var html = await loginPage.Content.ReadAsStringAsync();
        Assert.True(html.Contains("name=\"login\"", StringComparison.Ordinal), $"Not the provider's login page: {loginPage.RequestMessage!.RequestUri}\n{html[..Math.Min(html.Length, 1500)]}");
        var page = await browser.SubmitAsync(loginPage, new Dictionary<string, string> { ["login"] = login, ["password"] = "any password" });
        var next = await page.Content.ReadAsStringAsync();
        if (next.Contains("value=\"consent\"", StringComparison.Ordinal))
        {
            page = await browser.SubmitAsync(page);
        }
        return page;
    }
}
