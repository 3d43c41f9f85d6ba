
namespace PortalRelease.Portal.Api;

public static class ApiServiceExtensions
{
    public static IServiceCollection AddPortalApi(this IServiceCollection services)
    {
        services.AddProblemDetails();
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.AddHttpContextAccessor();
        return services;
    }

    public static IEndpointRouteBuilder MapPortalApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");
        api.MapTemplateEndpoints();
        api.MapReleaseEndpoints();
        api.MapGateEndpoints();
        api.MapDashboardEndpoints();
        api.MapIncidentEndpoints();
        api.MapOnCallEndpoints();
        api.MapTargetEndpoints();
        api.MapDryRunEndpoints();
        api.MapTokenEndpoints();
        api.MapAccessEndpoints();
        api.MapUserEndpoints();
        api.MapServiceAccountEndpoints();
        api.MapNotificationEndpoints();
        app.MapDashboardDownloads();
        api.MapServiceEndpoints();
        api.MapClusterEndpoints();
        return app;
    }
}
