using PortalRelease.Contracts;
using PortalRelease.Portal.Plugins;

namespace PortalRelease.Portal.Api;

public static class PluginEndpoints
{
    /// <summary>Maps <c>GET /plugins</c> under the API group: every plugin folder with its status, as on the Plugins page.</summary>
    public static IEndpointRouteBuilder MapPluginEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/plugins", (PluginCatalog catalog) => TypedResults.Ok(catalog.Plugins.Select(View).ToList()))
            .WithName("ListPlugins").Produces<IReadOnlyList<PluginView>>();
        return api;
    }

    /// <summary>The Plugins page keeps the catalog's own <see cref="PluginInfo"/> (its status is an enum it switches on); the API serves the contract.</summary>
    private static PluginView View(PluginInfo plugin) => new()
    {
        Id = plugin.Id,
        Version = plugin.Version,
        AbiVersion = plugin.AbiVersion,
        Folder = plugin.Folder,
        Description = plugin.Description,
        TargetKinds = plugin.TargetKinds,
        MetricKinds = plugin.MetricKinds,
        Status = plugin.Status.ToString(),
        Reason = plugin.Reason,
        LoadedAt = plugin.LoadedAt,
        Hash = plugin.Hash,
        Sha256 = plugin.Sha256,
        LoadMs = plugin.LoadMs,
        ReloadedAt = plugin.ReloadedAt,
        Pending = plugin.Pending,
    };
}
