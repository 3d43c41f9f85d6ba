namespace PortalRelease.Portal.Incidents;

public static class IncidentServiceExtensions
{
    public static IServiceCollection AddIncidents(this IServiceCollection services)
    {
        services.AddSingleton<IncidentService>();
        return services;
    }
}
