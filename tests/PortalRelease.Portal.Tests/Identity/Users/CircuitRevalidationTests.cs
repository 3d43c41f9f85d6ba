using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PortalRelease.Portal.Identity;
using PortalRelease.Portal.Identity.Local;
using static PortalRelease.Portal.Tests.Identity.Users.UserAdmin;

namespace PortalRelease.Portal.Tests.Identity.Users;

/// <summary>
/// An open page's circuit is checked again: once its built-in account is disabled, reset or regrouped, the circuit's
/// user is nobody. The principals are the ones real session cookies carry after a sign-in on the form.
/// </summary>
public sealed class CircuitRevalidationTests
{
    [Fact]
    public async Task Validate_AfterDisableResetOrGroupChange_IsFalse_UnchangedIsTrue()
    {
        await using var portal = new LocalPortal();
        using var admin = await AdminAsync(portal);
        var probe = new Probe(portal, TimeSpan.FromMinutes(1));
        var dana = await SessionAsync(portal, admin, "dana");
        var erin = await SessionAsync(portal, admin, "erin");
        var finn = await SessionAsync(portal, admin, "finn");
        Assert.True(await probe.ValidateAsync(dana));
        Assert.True(await probe.ValidateAsync(erin));
        Assert.True(await probe.ValidateAsync(finn));

        (await admin.PostAsync("/api/access/users/dana/disable", null)).Dispose();
        (await admin.PostAsync("/api/access/users/erin/reset-password", null)).Dispose();
        (await admin.PatchAsync("/api/access/users/finn", JsonBody("""{"groups":["sre"]}"""))).Dispose();

        Assert.False(await probe.ValidateAsync(dana));
        Assert.False(await probe.ValidateAsync(erin));
        Assert.False(await probe.ValidateAsync(finn));
    }

    [Fact]
    public async Task Validate_SignInsWithoutALocalAccount_StayValid()
    {
        await using var portal = new LocalPortal();
        var probe = new Probe(portal, TimeSpan.FromMinutes(1));
        var oidc = new ClaimsPrincipal(PortalClaims.Identity("oidc", new PortalUser("ada@example.com", "Ada", null, ["sre"], "oidc")));

        Assert.True(await probe.ValidateAsync(oidc));
        Assert.True(await probe.ValidateAsync(new ClaimsPrincipal(new ClaimsIdentity())));
    }

    [Fact]
    public async Task Circuit_WhoseAccountIsDisabled_BecomesAnonymous_AndActsForNobody()
    {
        await using var portal = new LocalPortal();
        using var admin = await AdminAsync(portal);
        var dana = await SessionAsync(portal, admin, "dana");
        using var scope = portal.Services.CreateScope();
        var actor = scope.ServiceProvider.GetRequiredService<CurrentActor>();
        using var probe = new Probe(portal, TimeSpan.FromMilliseconds(50));
        probe.SetAuthenticationState(Task.FromResult(new AuthenticationState(dana)));
        using var circuit = new CircuitActorHandler(probe, actor);
        await circuit.OnCircuitOpenedAsync(null!, CancellationToken.None);
        Assert.Equal("dana", actor.User.Id);
        var signedOut = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        actor.Changed += () => signedOut.TrySetResult();

        (await admin.PostAsync("/api/access/users/dana/disable", null)).Dispose();

        await signedOut.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.False((await probe.GetAuthenticationStateAsync()).User.Identity?.IsAuthenticated);
        Assert.Throws<InvalidOperationException>(() => actor.User);
    }

    /// <summary>Signs a new user in on the form, chooses a password, and returns the principal its session cookie carries.</summary>
    private static async Task<ClaimsPrincipal> SessionAsync(LocalPortal portal, HttpClient admin, string userName)
    {
        var oneTime = await CreateAsync(admin, userName);
        var jar = new System.Net.CookieContainer();
        using var browser = portal.Browser(jar);
        (await LocalPortal.SignInAsync(browser, userName, oneTime)).Dispose();
        (await LocalPortal.ChangePasswordAsync(browser, oneTime, NewPassword)).Dispose();
        var cookie = jar.GetCookies(new Uri("http://localhost/"))["PortalRelease.Session"]!;
        var options = portal.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityServiceExtensions.CookieScheme);
        var principal = options.TicketDataFormat.Unprotect(cookie.Value)!.Principal;
        Assert.Equal(userName, PortalUser.From(principal)!.Id);
        Assert.Null(principal.FindFirst(LocalSession.MustChangeClaim));
        return principal;
    }

    /// <summary>The portal's provider with its check reachable and its interval chosen by the test.</summary>
    private sealed class Probe(LocalPortal portal, TimeSpan interval) : LocalSessionRevalidator(
        portal.Services.GetRequiredService<ILoggerFactory>(),
        portal.Services.GetRequiredService<LocalAccountService>(),
        portal.Services.GetRequiredService<IOptions<AuthOptions>>())
    {
        protected override TimeSpan RevalidationInterval => interval;

        public Task<bool> ValidateAsync(ClaimsPrincipal principal) => ValidateAuthenticationStateAsync(new AuthenticationState(principal), CancellationToken.None);
    }
}
