namespace PortalRelease.Portal.Releases;

public static class ReleaseServiceExtensions
{
    public static IServiceCollection AddReleaseEngine(this IServiceCollection services) => services;
}
