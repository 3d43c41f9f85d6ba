using PortalRelease.Portal.Plugins;

namespace PortalRelease.Portal.Api;

public static class PluginEndpoints
{
    /// <summary>Maps <c>GET /plugins</c> under the API group: every plugin folder with its status, as on the Plugins page.</summary>
    public static IEndpointRouteBuilder MapPluginEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/plugins", (PluginCatalog catalog) => TypedResults.Ok(catalog.Plugins))
            .WithName("ListPlugins");
        return api;
    }
}
