using PortalRelease.Portal.Data;

namespace PortalRelease.Portal.Ownership;

public static class OwnershipServiceExtensions
{
    /// <summary>The service catalog: its storage, the in-memory owner lookup every access decision uses, and the admin service.</summary>
    public static IServiceCollection AddOwnership(this IServiceCollection services)
    {
        services.AddSingleton<ServiceCatalogRepository>();
        services.AddSingleton<ServiceOwners>();
        services.AddSingleton<ServiceCatalog>();
        services.AddSingleton<TemplateOwners>();
        return services;
    }
}
