using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;

namespace PortalRelease.Portal.Identity.Oidc;

/// <summary>Ends the session at the provider too, when the provider offers an end-session endpoint.</summary>
internal static class OidcSignOut
{
    /// <summary>True when the response now sends the browser to the provider's end-session endpoint.</summary>
    public static async Task<bool> TrySignOutAtProviderAsync(HttpContext context)
    {
        var services = context.RequestServices;
        if (services.GetRequiredService<IOptions<AuthOptions>>().Value.Mode != AuthMode.Oidc)
        {
            return false;
        }
        var options = services.GetRequiredService<IOptionsMonitor<OpenIdConnectOptions>>().Get(OidcSetup.SchemeName);
        try
        {
            var configuration = await options.ConfigurationManager!.GetConfigurationAsync(context.RequestAborted);
            if (string.IsNullOrEmpty(configuration.EndSessionEndpoint))
            {
                return false;
            }
        }
        catch (InvalidOperationException)
        {
            // The provider is unreachable: the portal's own session is over all the same.
            return false;
        }
        await context.SignOutAsync(OidcSetup.SchemeName, new AuthenticationProperties { RedirectUri = IdentityServiceExtensions.LoginPath + "?signedOut=1" });
        return true;
    }
}
