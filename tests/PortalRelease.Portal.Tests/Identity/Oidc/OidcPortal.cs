using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PortalRelease.Portal.Identity;
using PortalRelease.Portal.Tests.Api;
using PortalRelease.Tests.Oidc;

namespace PortalRelease.Portal.Tests.Identity.Oidc;

/// <summary>
/// The whole portal on real Kestrel in <c>Portal:Auth:Mode: Oidc</c> against the test provider, its client registered
/// at the provider once the portal's address is known.
/// </summary>
internal sealed class OidcPortal : IAsyncDisposable
{
    private OidcPortal(KestrelPortal portal) => Kestrel = portal;

    public KestrelPortal Kestrel { get; }

    public Uri BaseAddress => Kestrel.BaseAddress;

    public static Dictionary<string, string> Settings(OidcTestProvider provider, string clientId, string secret) => new()
    {
        ["Portal:Auth:Mode"] = "Oidc",
        ["Portal:Auth:Oidc:Authority"] = provider.Issuer.ToString(),
        ["Portal:Auth:Oidc:ClientId"] = clientId,
        ["Portal:Auth:Oidc:ClientSecret"] = secret,
        ["Portal:Auth:Oidc:RequireHttpsMetadata"] = "false",
        ["Portal:Auth:Oidc:Scopes:0"] = "openid",
        ["Portal:Auth:Oidc:Scopes:1"] = "profile",
        ["Portal:Auth:Oidc:Scopes:2"] = "email",
        ["Portal:Auth:Oidc:Scopes:3"] = "groups",
    };

    public static async Task<OidcPortal> StartAsync(OidcTestProvider provider, IReadOnlyDictionary<string, string>? extra = null)
    {
        var clientId = "portal-" + Guid.NewGuid().ToString("N")[..8];
        var secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        var settings = Settings(provider, clientId, secret);
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }
        var portal = new KestrelPortal(settings);
        await provider.RegisterClientAsync(clientId, secret, portal.BaseAddress);
        return new OidcPortal(portal);
    }

    public Uri Url(string pathAndQuery) => new(BaseAddress, pathAndQuery);

    /// <summary>The user the browser's session cookie carries, read the way the portal reads it (null: no session).</summary>
    public PortalUser? SessionUser(OidcBrowser browser) => PortalUser.From(SessionTicket(browser)?.Principal);

    /// <summary>The names of the tokens the session cookie keeps.</summary>
    public IReadOnlyList<string> SessionTokenNames(OidcBrowser browser) =>
        SessionTicket(browser)?.Properties.GetTokens().Select(t => t.Name).ToList() ?? [];

    private AuthenticationTicket? SessionTicket(OidcBrowser browser)
    {
        var cookies = browser.Cookies.GetCookies(BaseAddress).ToDictionary(c => c.Name, c => c.Value);
        if (!cookies.TryGetValue("PortalRelease.Session", out var value) || value.Length == 0)
        {
            return null;
        }
        if (value.StartsWith("chunks-", StringComparison.Ordinal))
        {
            var count = int.Parse(value["chunks-".Length..], System.Globalization.CultureInfo.InvariantCulture);
            value = string.Concat(Enumerable.Range(1, count).Select(i => cookies[$"PortalRelease.SessionC{i}"]));
        }
        var options = Kestrel.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityServiceExtensions.CookieScheme);
        return options.TicketDataFormat.Unprotect(value);
    }

    public ValueTask DisposeAsync() => Kestrel.DisposeAsync();
}
