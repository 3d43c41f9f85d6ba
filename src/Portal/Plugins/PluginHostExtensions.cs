using Microsoft.Extensions.Options;
using PortalRelease.Portal.Api;
using PortalRelease.Portal.Plugins.State;

namespace PortalRelease.Portal.Plugins;

public static class PluginHostExtensions
{
    /// <summary>
    /// Registers the plugin catalog, its loader, the trust in plugins (the built-in manifest beside the portal's binaries
    /// and the allowlist <c>Portal:Plugins</c>, validated at start, development mode on loopback only), the hosted
    /// service that loads <c>plugins/</c> at start-up and the watcher that reloads plugin folders while the portal runs.
    /// </summary>
    public static IServiceCollection AddPluginHost(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PluginTrustOptions>()
            .Configure(options =>
            {
                // Nodes of a cluster ship with their plugins: a folder changed on one node would make it differ from the
                // others mid-rollout, so watching is off there unless the operator turns it on.
                options.HotReload = Data.StorageOptions.ProviderOf(configuration) != Data.StorageProvider.Postgres;
                PluginTrustOptionsReader.Read(configuration.GetSection(PluginTrustOptions.Section), options);
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<PluginTrustOptions>, PluginTrustOptionsValidator>();
        services.AddSingleton<IValidateOptions<PluginTrustOptions>, PluginDevelopmentModeValidator>();
        services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<PluginTrustOptions>>().Value;
            var developmentMode = options.IsDevelopmentMode(provider.GetRequiredService<IHostEnvironment>().IsDevelopment());
            return new PluginTrust(options, developmentMode, BuiltInPluginManifest.BesideThePortal());
        });
        services.AddSingleton<IPluginLoader, McMasterPluginLoader>();
        // Each plugin's PluginHostContext.State and Locks, over the portal's database (shared by every node of a cluster).
        services.AddSingleton<PluginStateHost>();
        services.AddSingleton<PluginCatalog>();
        services.AddSingleton<PluginUsage>();
        services.AddSingleton<PluginReloader>();
        services.AddHostedService<PluginHostService>();
        services.AddHostedService<PluginDevelopmentModeGuard>();
        services.AddHostedService<PluginFolderWatcher>();
        return services;
    }
}
