
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

    /// <summary>
    /// Every route of the API, from one <c>/api</c> group, and beside it the few GETs the pages link to for a browser
    /// signed in with its cookie (downloads), which are not part of the API's description.
    /// </summary>
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
        api.MapServiceEndpoints();
        api.MapClusterEndpoints();
        api.MapAuditEndpoints();
        api.MapSloEndpoints();
        api.MapPluginEndpoints();
        app.MapDashboardDownloads();
        app.MapAuditPageExport();
        return app;
    }
}
