using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace PortalRelease.Portal.Identity.Ci;

public static class CiServiceExtensions
{
    /// <summary>
    /// CI tokens (<c>Portal:Auth:Ci</c>): one JwtBearer scheme per configured issuer, added when the authentication options
    /// are first read (configuration is complete then, also where a host adds it late), reached only through the API
    /// scheme when a bearer value is a JWT.
    /// </summary>
    public static IServiceCollection AddPortalCi(this IServiceCollection services)
    {
        services.AddSingleton<IValidateOptions<AuthOptions>, CiOptionsValidator>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<JwtBearerOptions>, JwtBearerPostConfigureOptions>());
        services.AddSingleton<IConfigureOptions<JwtBearerOptions>, CiJwtSetup>();
        services.AddTransient<CiJwtEvents>();
        services.AddSingleton<CiTokenAuthenticator>();
        services.AddOptions<AuthenticationOptions>().Configure<IOptions<AuthOptions>>((options, auth) =>
        {
            for (var i = 0; i < CiSchemes.Issuers(auth.Value.Ci).Count; i++)
            {
                options.AddScheme<JwtBearerHandler>(CiSchemes.SchemeName(i), null);
            }
        });
        return services;
    }
}
