
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
        // Each area is a tag of the description (the operations' grouping in a reference page and in generated clients).
        RouteGroupBuilder Area(string tag) => api.MapGroup("").WithTags(tag);
        Area("Templates").MapTemplateEndpoints();
        Area("Releases").MapReleaseEndpoints();
        Area("Gates").MapGateEndpoints();
        Area("Dashboards").MapDashboardEndpoints();
        Area("Incidents").MapIncidentEndpoints();
        Area("On-call").MapOnCallEndpoints();
        Area("Targets").MapTargetEndpoints();
        Area("Targets").MapDryRunEndpoints();
        Area("Tokens").MapTokenEndpoints();
        Area("Access").MapAccessEndpoints();
        Area("Access").MapUserEndpoints();
        Area("Service accounts").MapServiceAccountEndpoints();
        Area("Notifications").MapNotificationEndpoints();
        Area("Service catalog").MapServiceEndpoints();
        Area("Cluster").MapClusterEndpoints();
        Area("Audit").MapAuditEndpoints();
        Area("SLOs").MapSloEndpoints();
        Area("Plugins").MapPluginEndpoints();
        app.MapDashboardDownloads();
        app.MapAuditPageExport();
        return app;
    }
}
