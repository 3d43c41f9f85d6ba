using PortalRelease.Portal.Plugins;

namespace PortalRelease.Portal.Api;

public static class PluginEndpoints
{
    /// <summary>Maps <c>GET /api/plugins</c>: every plugin folder with its status, as on the Plugins page.</summary>
    public static IEndpointRouteBuilder MapPluginApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/plugins", (PluginCatalog catalog) => TypedResults.Ok(catalog.Plugins))
            .WithName("ListPlugins");
        return app;
    }
}
