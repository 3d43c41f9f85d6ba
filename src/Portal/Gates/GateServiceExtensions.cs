using Microsoft.Extensions.Options;
using PortalRelease.Portal.Configuration;
using PortalRelease.Portal.Data;

namespace PortalRelease.Portal.Gates;

public static class GateServiceExtensions
{
    /// <summary>Roles, deployment calendars (validated at start) and version quarantine.</summary>
    public static IServiceCollection AddGates(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<GateOptions>()
            .Bind(configuration.GetSection(PortalOptions.Section))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<GateOptions>, GateOptionsValidator>();
        services.AddSingleton<GateConfig>();
        services.AddSingleton<QuarantineRepository>();
        services.AddSingleton<QuarantineService>();
        return services;
    }
}
