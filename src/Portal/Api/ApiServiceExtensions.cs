namespace PortalRelease.Portal.Api;

public static class ApiServiceExtensions
{
    public static IServiceCollection AddPortalApi(this IServiceCollection services) => services;

    public static IEndpointRouteBuilder MapPortalApi(this IEndpointRouteBuilder app) => app;
}
