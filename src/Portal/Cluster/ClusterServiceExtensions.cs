using Microsoft.Extensions.Options;
using PortalRelease.Portal.Data;

namespace PortalRelease.Portal.Cluster;

public static class ClusterServiceExtensions
{
    /// <summary>
    /// Who drives which release: on SQLite this one process drives all of them; on PostgreSQL releases are leased to
    /// nodes and <see cref="LeaseKeeper"/> keeps the leases.
    /// </summary>
    public static IServiceCollection AddCluster(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ClusterOptions>().Bind(configuration.GetSection(ClusterOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ClusterOptions>, ClusterOptionsValidator>();
        services.AddSingleton<NodeIdentity>();
        services.AddSingleton<ReleaseLeaseRepository>();
        services.AddSingleton<ClusterNodeRepository>();
        services.AddSingleton<ClusterStatus>();
        services.AddSingleton<ClusterSingletonRepository>();
        var provider = StorageOptions.ProviderOf(configuration);
        if (provider == StorageProvider.Postgres)
        {
            services.AddSingleton<ClusterSingleton, LeasedSingleton>();
            services.AddSingleton<LeasedOwnership>();
            services.AddSingleton<ReleaseOwnership>(sp => sp.GetRequiredService<LeasedOwnership>());
            services.AddSingleton<LeaseKeeper>();
            services.AddHostedService(sp => sp.GetRequiredService<LeaseKeeper>());
            services.AddSingleton<ClusterEventFollower>();
            services.AddHostedService(sp => sp.GetRequiredService<ClusterEventFollower>());
        }
        else
        {
            services.AddSingleton<ReleaseOwnership>(sp => new SoleOwnership(sp.GetRequiredService<NodeIdentity>().Id));
            services.AddSingleton<ClusterSingleton, SoleSingleton>();
        }
        return services;
    }
}
