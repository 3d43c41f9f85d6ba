using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace PortalRelease.Portal.Identity.Oidc;

/// <summary>How the portal talks to the provider: authorization code with PKCE, claims mapped by <see cref="OidcEvents"/>.</summary>
internal static class OidcSetup
{
    public const string SchemeName = "Oidc";

    /// <summary>Starts a sign-in at the provider; the sign-in page sends the browser here in Oidc mode.</summary>
    public const string ChallengePath = "/account/login/oidc";

    public static void Configure(OpenIdConnectOptions options, AuthOptions auth)
    {
        var oidc = auth.Oidc;
        options.Authority = oidc.Authority;
        options.ClientId = oidc.ClientId;
        options.ClientSecret = oidc.ClientSecret;
        options.RequireHttpsMetadata = oidc.RequireHttpsMetadata;
        options.CallbackPath = oidc.CallbackPath;
        options.SignedOutCallbackPath = oidc.SignedOutCallbackPath;
        options.SignedOutRedirectUri = IdentityServiceExtensions.LoginPath + "?signedOut=1";
        options.ResponseType = OpenIdConnectResponseType.Code;
        options.UsePkce = true;
        // The code comes back on a top-level GET, so the correlation and nonce cookies can stay SameSite=Lax (form_post
        // would need SameSite=None, which browsers accept only on https, and the portal may run behind plain http).
        options.ResponseMode = OpenIdConnectResponseMode.Query;
        options.CorrelationCookie.SameSite = SameSiteMode.Lax;
        options.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.NonceCookie.SameSite = SameSiteMode.Lax;
        options.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        // The request carries nothing secret (PKCE sends a hash); pushing it would add a round trip to every sign-in.
        options.PushedAuthorizationBehavior = PushedAuthorizationBehavior.Disable;
        options.Scope.Clear();
        foreach (var scope in oidc.EffectiveScopes)
        {
            options.Scope.Add(scope);
        }
        // Claim names stay the provider's (no WS-Federation URIs), so Portal:Auth:Oidc:Claims names them as the provider does.
        options.MapInboundClaims = false;
        options.GetClaimsFromUserInfoEndpoint = true;
        // Only the ID token is kept (OidcEvents drops the rest): signing out at the provider needs it as a hint.
        options.SaveTokens = true;
        options.SignInScheme = IdentityServiceExtensions.CookieScheme;
        options.SignOutScheme = IdentityServiceExtensions.CookieScheme;
        options.EventsType = typeof(OidcEvents);
    }
}
