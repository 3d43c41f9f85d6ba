namespace PortalRelease.Portal.Plugins;

public static class PluginHostExtensions
{
    public static IServiceCollection AddPluginHost(this IServiceCollection services) => services;

    public static IEndpointRouteBuilder MapPluginEndpoints(this IEndpointRouteBuilder app) => app;
}
