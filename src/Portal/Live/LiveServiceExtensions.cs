namespace PortalRelease.Portal.Live;

public static class LiveServiceExtensions
{
    public static IServiceCollection AddLiveUpdates(this IServiceCollection services)
    {
        services.AddSingleton<ReleaseEventStream>();
        services.AddSingleton<ReleaseFeed>();
        services.AddSignalR();
        return services;
    }

    public static IEndpointRouteBuilder MapLiveUpdates(this IEndpointRouteBuilder app)
    {
        app.MapHub<ReleasesHub>("/hubs/releases");
        return app;
    }
}
