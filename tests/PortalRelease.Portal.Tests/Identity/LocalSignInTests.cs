using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using PortalRelease.Portal.Tests.Api;

namespace PortalRelease.Portal.Tests.Identity;

/// <summary>The shipped default: built-in accounts, a printed first admin password, nothing without signing in.</summary>
public sealed class LocalSignInTests
{
    private const string NewPassword = "correct horse battery staple";

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task FirstStart_CreatesAdminWithAPrintedPassword_InAnOwnerOnlyFileAndStoredOnlyAsAHash()
    {
        using var home = new TempPortalHome();
        string password;
        await using (var portal = new LocalPortal(home))
        {
            using var browser = portal.Browser();
            (await browser.GetAsync("/healthz")).Dispose();

            password = portal.InitialPassword();
            Assert.Equal(24, password.Length);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(portal.PasswordFile));
        }

        // The portal is stopped: the database and its write-ahead log hold everything it wrote, and nothing moves.
        var files = Directory.GetFiles(home.DataDirectory, "portal.db*");
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var bytes = await File.ReadAllBytesAsync(file);
            Assert.DoesNotContain(password, Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
            Assert.DoesNotContain(password, Encoding.Unicode.GetString(bytes), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Anonymous_PagesRedirectToSignIn_ApiAndHubAnswer401_HealthAndMetricsStayOpen()
    {
        await using var portal = new LocalPortal();
        using var browser = portal.Browser();

        using var page = await GetHtmlAsync(browser, "/templates");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/account/login?ReturnUrl=%2Ftemplates", Target(page));

        using var api = await browser.GetAsync("/api/releases");
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Contains("Bearer", api.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);

        using var hub = await browser.PostAsync("/hubs/releases/negotiate?negotiateVersion=1", null);
        Assert.Equal(HttpStatusCode.Unauthorized, hub.StatusCode);

        using var circuit = await browser.PostAsync("/_blazor/negotiate?negotiateVersion=1", null);
        Assert.Equal(HttpStatusCode.Unauthorized, circuit.StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/account/login")).StatusCode);
    }

    [Fact]
    public async Task AnonymousMutation_Is401_AndChangesNothing()
    {
        await using var portal = new LocalPortal();
        using var browser = portal.Browser();
        var before = await CountAsync(portal, "releases");

        using var response = await browser.PostAsync("/api/releases", new StringContent("""{"template":"quick-canary","version":"1.0.0"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(before, await CountAsync(portal, "releases"));
    }

    [Fact]
    public async Task FirstSignIn_MustChangeThePrintedPassword_ThenReachesThePortalAndTheFileIsGone()
    {
        await using var portal = new LocalPortal();
        using var browser = portal.Browser();
        (await browser.GetAsync("/healthz")).Dispose();

        using var signIn = await LocalPortal.SignInAsync(browser, "admin", portal.InitialPassword(), "/account/login?ReturnUrl=%2Ftemplates");
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.StartsWith("/account/password", Target(signIn), StringComparison.Ordinal);

        using var held = await GetHtmlAsync(browser, "/templates");
        Assert.Equal(HttpStatusCode.Redirect, held.StatusCode);
        Assert.StartsWith("/account/password", Target(held), StringComparison.Ordinal);

        using var tooShort = await LocalPortal.ChangePasswordAsync(browser, portal.InitialPassword(), "short");
        Assert.Contains("at least", await tooShort.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var mismatch = await LocalPortal.ChangePasswordAsync(browser, portal.InitialPassword(), NewPassword, NewPassword + "!");
        Assert.Contains("The two new passwords differ.", await mismatch.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var changed = await LocalPortal.ChangePasswordAsync(browser, portal.InitialPassword(), NewPassword);
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.False(File.Exists(portal.PasswordFile));

        using var home = await GetHtmlAsync(browser, "/templates");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        Assert.Contains("Administrator", await home.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_WrongPasswordOrUnknownUser_SameAnswer_AndNoSession()
    {
        await using var portal = new LocalPortal();
        using var browser = portal.Browser();

        using var wrong = await LocalPortal.SignInAsync(browser, "admin", "not-the-password");
        using var unknown = await LocalPortal.SignInAsync(browser, "nobody", "not-the-password");

        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("The user name or password is not right.", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("The user name or password is not right.", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var page = await GetHtmlAsync(browser, "/templates");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
    }

    [Fact]
    public async Task SignIn_FiveFailuresInARow_LocksTheAccountEvenForTheRightPassword()
    {
        await using var portal = new LocalPortal();
        using var browser = portal.Browser();
        (await browser.GetAsync("/healthz")).Dispose();

        for (var attempt = 0; attempt < 5; attempt++)
        {
            (await LocalPortal.SignInAsync(browser, "admin", $"guess-{attempt}")).Dispose();
        }
        using var right = await LocalPortal.SignInAsync(browser, "admin", portal.InitialPassword());

        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("This account is locked", await right.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("//evil.example/steal")]
    [InlineData("/\\evil.example")]
    [InlineData("https://evil.example/")]
    public async Task SignIn_ReturnUrlToAnotherSite_GoesHomeInstead(string returnUrl)
    {
        await using var portal = new LocalPortal();
        using var browser = portal.Browser();
        await SignInChangedAsync(portal, browser);

        using var signIn = await LocalPortal.SignInAsync(browser, "admin", NewPassword, "/account/login?ReturnUrl=" + Uri.EscapeDataString(returnUrl));

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/", Target(signIn));
    }

    [Fact]
    public async Task SessionCookie_NeverAuthenticatesTheApi()
    {
        await using var portal = new LocalPortal();
        using var browser = portal.Browser();
        await SignInChangedAsync(portal, browser);
        Assert.Equal(HttpStatusCode.OK, (await GetHtmlAsync(browser, "/templates")).StatusCode);

        using var api = await browser.GetAsync("/api/releases");

        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }

    [Fact]
    public async Task PasswordChange_EndsEverySessionOfTheOldPassword()
    {
        await using var portal = new LocalPortal();
        using var first = portal.Browser();
        using var second = portal.Browser();
        await SignInChangedAsync(portal, first);
        (await LocalPortal.SignInAsync(second, "admin", NewPassword)).Dispose();
        Assert.Equal(HttpStatusCode.OK, (await GetHtmlAsync(second, "/templates")).StatusCode);

        (await LocalPortal.ChangePasswordAsync(first, NewPassword, NewPassword + " again")).Dispose();

        using var stale = await GetHtmlAsync(second, "/templates");
        Assert.Equal(HttpStatusCode.Redirect, stale.StatusCode);
        Assert.StartsWith("/account/login", Target(stale), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await GetHtmlAsync(first, "/templates")).StatusCode);
    }

    [Fact]
    public async Task SignOut_WithoutTheFormsAntiforgeryToken_IsRefused_WithIt_EndsTheSession()
    {
        await using var portal = new LocalPortal();
        using var browser = portal.Browser();
        await SignInChangedAsync(portal, browser);

        using var forged = await browser.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["from"] = "evil" }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetHtmlAsync(browser, "/templates")).StatusCode);

        // The change-password page carries a token for this session, as the layout's sign-out form does.
        var html = await (await GetHtmlAsync(browser, "/account/password")).Content.ReadAsStringAsync();
        var token = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        using var real = await browser.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token),
            ["from"] = "menu",
        }));
        Assert.Equal(HttpStatusCode.Redirect, real.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await GetHtmlAsync(browser, "/templates")).StatusCode);
    }

    [Fact]
    public async Task SignInsFailedSignInsAndPasswordChanges_AreInTheAuditLog_WithoutTheTypedName()
    {
        await using var portal = new LocalPortal();
        using var browser = portal.Browser();
        (await LocalPortal.SignInAsync(browser, "hunter2-typed-as-name", "x")).Dispose();
        (await LocalPortal.SignInAsync(browser, "admin", "wrong")).Dispose();
        await SignInChangedAsync(portal, browser);

        var audit = await portal.Services.GetRequiredService<PortalRelease.Portal.Data.AuditLogQueries>()
            .NewestAsync(PortalRelease.Portal.Audit.AuditFilter.All, null, 100, CancellationToken.None);
        var lines = audit.OrderBy(r => r.Id).Select(r => $"{r.Action} {r.ActorId} {r.Outcome}").ToList();

        Assert.Equal(
            ["auth.sign-in (unknown account) refused", "auth.sign-in admin refused", "auth.sign-in admin ok", "account.password-change admin ok"],
            lines.Where(l => l.StartsWith("auth.", StringComparison.Ordinal) || l.StartsWith("account.", StringComparison.Ordinal)));
        Assert.DoesNotContain(audit, r => r.ActorId.Contains("hunter2", StringComparison.Ordinal));
    }

    private static async Task SignInChangedAsync(LocalPortal portal, HttpClient browser)
    {
        (await browser.GetAsync("/healthz")).Dispose();
        (await LocalPortal.SignInAsync(browser, "admin", portal.InitialPassword())).Dispose();
        using var changed = await LocalPortal.ChangePasswordAsync(browser, portal.InitialPassword(), NewPassword);
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
    }

    /// <summary>Where a redirect points, as path and query on this portal (absolute or relative Location alike).</summary>
    private static string Target(HttpResponseMessage response)
    {
        var location = new Uri(new Uri("http://localhost/"), response.Headers.Location!);
        Assert.Equal("localhost", location.Host);
        return location.PathAndQuery;
    }

    private static Task<HttpResponseMessage> GetHtmlAsync(HttpClient browser, string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/html");
        return browser.SendAsync(request);
    }

    private static async Task<long> CountAsync(LocalPortal portal, string table)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={portal.Home.DatabaseFile}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table}";
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
