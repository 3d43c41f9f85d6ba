using Microsoft.Extensions.Options;
using PortalRelease.Portal.Configuration;
using PortalRelease.Portal.Data;

namespace PortalRelease.Portal.Gates;

public static class GateServiceExtensions
{
    /// <summary>Roles, deployment calendars (validated at start, reloaded on edit) and version quarantine.</summary>
    public static IServiceCollection AddGates(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<GateOptions>()
            .Bind(configuration.GetSection(PortalOptions.Section))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<GateOptions>, GateOptionsValidator>();
        // Reads the configuration it is given (a test host's may differ from the container's IConfiguration).
        services.AddSingleton(sp => new GateConfig(sp.GetRequiredService<IOptions<GateOptions>>(), configuration, sp.GetRequiredService<ILogger<GateConfig>>()));
        services.AddHostedService<CalendarReloadWakeup>();
        services.AddSingleton<GatePreview>();
        services.AddSingleton<QuarantineRepository>();
        services.AddSingleton<QuarantineService>();
        return services;
    }
}
