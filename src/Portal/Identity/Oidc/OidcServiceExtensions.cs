using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace PortalRelease.Portal.Identity.Oidc;

public static class OidcServiceExtensions
{
    /// <summary>
    /// Signing in at the organisation's OpenID provider in <c>Portal:Auth:Mode: Oidc</c>. The scheme is added only in that
    /// mode, and decided when the authentication options are first read (configuration is complete then, also where a
    /// host adds it late): an OpenID Connect handler without an authority would fail every request of the other modes.
    /// </summary>
    public static IServiceCollection AddPortalOidc(this IServiceCollection services)
    {
        services.AddSingleton<IValidateOptions<AuthOptions>, OidcOptionsValidator>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<OpenIdConnectOptions>, OpenIdConnectPostConfigureOptions>());
        services.AddTransient<OidcEvents>();
        services.AddOptions<OpenIdConnectOptions>(OidcSetup.SchemeName)
            .Configure<IOptions<AuthOptions>>((options, auth) => OidcSetup.Configure(options, auth.Value));
        services.AddOptions<AuthenticationOptions>().Configure<IOptions<AuthOptions>>((options, auth) =>
        {
            if (auth.Value.Mode == AuthMode.Oidc)
            {
                options.AddScheme<OpenIdConnectHandler>(OidcSetup.SchemeName, "OpenID Connect");
            }
        });
        // A page that needs a user sends the browser to the provider directly, not to a sign-in form.
        services.AddOptions<CookieAuthenticationOptions>(IdentityServiceExtensions.CookieScheme).Configure<IOptions<AuthOptions>>((cookie, auth) =>
        {
            if (auth.Value.Mode == AuthMode.Oidc)
            {
                cookie.ForwardChallenge = OidcSetup.SchemeName;
            }
        });
        return services;
    }
}
