namespace PortalRelease.Portal.Data;

public static class DataServiceExtensions
{
    public static IServiceCollection AddPortalData(this IServiceCollection services) => services;
}
