using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using PortalRelease.Portal.Data;

namespace PortalRelease.Portal.Identity.Access;

public static class AccessServiceExtensions
{
    /// <summary>Grants, the evaluator, the resource-based authorization handler and the guard the services call.</summary>
    public static IServiceCollection AddPortalAccess(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AccessOptions>().Bind(configuration.GetSection(AccessOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AccessOptions>, AccessOptionsValidator>();
        services.AddSingleton<AccessGrantRepository>();
        services.AddSingleton<AccessControl>();
        services.AddSingleton<IAuthorizationHandler, AccessAuthorizationHandler>();
        // Added, not tried: the services' checks must reach the real evaluator even where a host (a bUnit context)
        // registered a stand-in authorization service before the portal's.
        services.AddAuthorizationCore();
        services.AddTransient<IAuthorizationService, DefaultAuthorizationService>();
        services.AddSingleton<AccessGuard>();
        services.AddSingleton<AccessGrantService>();
        return services;
    }
}
