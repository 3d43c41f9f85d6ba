using PortalRelease.Portal.Data;

namespace PortalRelease.Portal.Dashboards;

public static class DashboardServiceExtensions
{
    public static IServiceCollection AddDashboards(this IServiceCollection services)
    {
        services.AddSingleton<ReleaseFactsRepository>();
        services.AddSingleton<DeliveryQueries>();
        services.AddSingleton<DeliveryDashboardService>();
        services.AddSingleton<ReleaseFactsProjector>();
        services.AddHostedService<DemoHistorySeeder>();
        services.AddHostedService(sp => sp.GetRequiredService<ReleaseFactsProjector>());
        return services;
    }
}
