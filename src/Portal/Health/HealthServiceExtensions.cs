namespace PortalRelease.Portal.Health;

public static class HealthServiceExtensions
{
    /// <summary>The health checks behind <c>/healthz</c>: the background services' own account of themselves.</summary>
    public static IServiceCollection AddPortalHealth(this IServiceCollection services)
    {
        services.AddSingleton<BackgroundServiceHealth>();
        services.AddHealthChecks().AddCheck<BackgroundServicesHealthCheck>(BackgroundServicesHealthCheck.Name);
        return services;
    }
}
