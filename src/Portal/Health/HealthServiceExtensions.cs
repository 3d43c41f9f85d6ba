namespace PortalRelease.Portal.Health;

public static class HealthServiceExtensions
{
    /// <summary>Tags a check that <c>/healthz/ready</c> runs (and <c>/healthz</c>, which runs every check).</summary>
    public const string Ready = "ready";

    /// <summary>
    /// The health checks behind <c>/healthz</c> and <c>/healthz/ready</c>: the database (reachable, at this portal's
    /// schema) and the background services' own account of themselves. <c>/healthz/live</c> runs none.
    /// </summary>
    public static IServiceCollection AddPortalHealth(this IServiceCollection services)
    {
        services.AddSingleton<BackgroundServiceHealth>();
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>(DatabaseHealthCheck.Name, tags: [Ready])
            .AddCheck<BackgroundServicesHealthCheck>(BackgroundServicesHealthCheck.Name, tags: [Ready]);
        return services;
    }
}
