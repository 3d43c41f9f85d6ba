using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using PortalRelease.Portal.Identity;

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
            return TypedResults.LocalRedirect(IdentityServiceExtensions.LoginPath + "?signedOut=1");
        });
        return app;
    }
}
