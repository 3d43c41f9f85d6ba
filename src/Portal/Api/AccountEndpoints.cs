using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using PortalRelease.Portal.Identity;
using PortalRelease.Portal.Identity.Local;
using PortalRelease.Portal.Identity.Oidc;

namespace PortalRelease.Portal.Api;

/// <summary>Sign-out. Signing in and changing a password are the pages under <c>/account</c>.</summary>
public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        // A form field, so the antiforgery token is checked: a foreign page cannot sign a user out.
        app.MapPost(IdentityServiceExtensions.LogoutPath, async (HttpContext context, [FromForm(Name = "from")] string? from) =>
        {
            await context.SignOutAsync(IdentityServiceExtensions.CookieScheme);
            // Signed in at an OpenID provider: end that session too, or the next sign-in would pass through unasked.
            return await OidcSignOut.TrySignOutAtProviderAsync(context)
                ? Results.Empty
                : Results.LocalRedirect(IdentityServiceExtensions.LoginPath + "?signedOut=1");
        });
        // Oidc mode: the sign-in page sends the browser here, and here to the provider, to come back to a local address only.
        app.MapGet(OidcSetup.ChallengePath, (HttpContext context, [FromQuery(Name = "ReturnUrl")] string? returnUrl) =>
            context.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value.Mode == AuthMode.Oidc
                ? Results.Challenge(new AuthenticationProperties { RedirectUri = LocalSession.SafeReturnUrl(returnUrl) }, [OidcSetup.SchemeName])
                : Results.NotFound())
            .AllowAnonymous();
        return app;
    }
}
