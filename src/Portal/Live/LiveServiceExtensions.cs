namespace PortalRelease.Portal.Live;

public static class LiveServiceExtensions
{
    public static IServiceCollection AddLiveUpdates(this IServiceCollection services)
    {
        // In a cluster the follower publishes other nodes' events, so the writer's own are told apart (see the stream).
        services.AddSingleton(sp => new ReleaseEventStream(sp.GetRequiredService<Cluster.ReleaseOwnership>().Clustered));
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
