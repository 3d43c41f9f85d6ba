namespace PortalRelease.Portal.Live;

public static class LiveServiceExtensions
{
    public static IServiceCollection AddLiveUpdates(this IServiceCollection services) => services;

    public static IEndpointRouteBuilder MapLiveUpdates(this IEndpointRouteBuilder app) => app;
}
