using PortalRelease.Portal.Api;

namespace PortalRelease.Portal.Plugins;

public static class PluginHostExtensions
{
    /// <summary>Registers the plugin catalog, its loader and the hosted service that loads <c>plugins/</c> at start-up.</summary>
    public static IServiceCollection AddPluginHost(this IServiceCollection services)
    {
        services.AddSingleton<IPluginLoader, McMasterPluginLoader>();
        services.AddSingleton<PluginCatalog>();
        services.AddHostedService<PluginHostService>();
        return services;
    }

    /// <summary>Maps <c>GET /api/plugins</c>.</summary>
    public static IEndpointRouteBuilder MapPluginEndpoints(this IEndpointRouteBuilder app) => app.MapPluginApi();
}
