using PortalRelease.Portal.Releases.Engine;
using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Releases;

public static class ReleaseServiceExtensions
{
    public static IServiceCollection AddReleaseEngine(this IServiceCollection services)
    {
        services.AddSingleton<JournalWriter>();
        services.AddSingleton<EngineServices>();
        services.AddSingleton<DriverCall>();
        services.AddSingleton<TargetLocks>();
        services.AddSingleton<ReleaseEngine>();
        services.AddSingleton<ReleaseService>();
        services.AddSingleton<TemplateService>();
        services.AddSingleton<CapabilityCheck>();
        services.AddSingleton<TargetEnvironments>();
        services.AddSingleton<SampleSeeder>();
        // Order matters: hosted services start in registration order, after the database and plugins.
        services.AddHostedService(sp => sp.GetRequiredService<SampleSeeder>());
        services.AddHostedService(sp => sp.GetRequiredService<ReleaseEngine>());
        return services;
    }
}
