using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PortalRelease.Portal.Audit;
using PortalRelease.Portal.Identity;
using PortalRelease.Portal.Identity.Access;
using PortalRelease.Portal.Releases;
using static PortalRelease.Portal.Tests.Identity.Users.UserAdmin;

namespace PortalRelease.Portal.Tests.Identity.Users;

/// <summary>
/// The Done-when, over HTTP with a real session cookie: the admin adds a user, the user signs in with the
/// one-time password on the sign-in form, must choose their own, and once granted deployer runs a release as themself.
/// </summary>
public sealed class NewUserJourneyTests
{
    [Fact]
    public async Task NewUser_SignsInWithTheOneTimePassword_ChangesIt_AndRunsAReleaseOnceGrantedDeployer()
    {
        await using var portal = new LocalPortal();
        using var admin = await AdminAsync(portal);
        var oneTime = await CreateAsync(admin, "dana", "payments");
        var jar = new System.Net.CookieContainer();
        using var browser = portal.Browser(jar);

        using var signIn = await LocalPortal.SignInAsync(browser, "dana", oneTime, "/account/login?ReturnUrl=%2Ftemplates");
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.StartsWith("/account/password", Target(signIn), StringComparison.Ordinal);
        using var held = await PageAsync(browser, "/templates");
        Assert.StartsWith("/account/password", Target(held), StringComparison.Ordinal);
        using var changed = await LocalPortal.ChangePasswordAsync(browser, oneTime, NewPassword);
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        using var page = await PageAsync(browser, "/templates");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("User dana", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False((await GetAsync(admin, "dana")).GetProperty("mustChangePassword").GetBoolean());

        // What the user's Blazor circuit acts as: the principal the session cookie carries.
        var session = Session(portal, jar);
        var releases = portal.Services.GetRequiredService<ReleaseService>();
        var request = new NewRelease("quick-canary", "2.0.0", new Dictionary<string, JsonElement>());
        await Assert.ThrowsAsync<AccessDeniedException>(() => releases.CreateAsync(request, session));

        using var granted = await admin.PostAsync("/api/access/grants", JsonBody("""{"user":"dana","role":"deployer"}"""));
        Assert.Equal(HttpStatusCode.Created, granted.StatusCode);

        var created = await releases.CreateAsync(request, session);
        Assert.True(created.Id is not null, string.Join("; ", created.Errors.Select(e => $"{e.Key}: {e.Value[0]}")));
        var release = await releases.GetAsync(created.Id!);
        Assert.Equal("dana", release!.Record.CreatedBy);
    }

    /// <summary>The actor of the browser's session, read from its cookie the way the portal reads it.</summary>
    private static AuditActor Session(LocalPortal portal, System.Net.CookieContainer jar)
    {
        var cookie = jar.GetCookies(new Uri("http://localhost/"))["PortalRelease.Session"];
        Assert.NotNull(cookie);
        var options = portal.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityServiceExtensions.CookieScheme);
        var ticket = options.TicketDataFormat.Unprotect(cookie.Value);
        Assert.NotNull(ticket);
        var user = PortalUser.From(ticket.Principal)!;
        Assert.Equal(("dana", "local"), (user.Id, user.Method));
        return new AuditActor(user.Id, user.Name, user.Method, "127.0.0.1") { Principal = ticket.Principal };
    }
}
