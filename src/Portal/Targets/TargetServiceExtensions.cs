using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;
using PortalRelease.Portal.Configuration;

namespace PortalRelease.Portal.Targets;

public static class TargetServiceExtensions
{
    /// <summary>Target management, and Data Protection keys kept in <c>data/keys</c> so encrypted secrets survive restarts.</summary>
    public static IServiceCollection AddTargets(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName("PortalRelease");
        // PersistKeysToFileSystem needs the folder now; the data folder is only known once options bind.
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(o =>
            o.XmlRepository = new FileSystemXmlRepository(
                Directory.CreateDirectory(Path.Combine(sp.GetRequiredService<PortalPaths>().DataDirectory, "keys")),
                sp.GetRequiredService<ILoggerFactory>())));
        services.AddSingleton<TargetSecrets>();
        services.AddSingleton<TargetContexts>();
        services.AddSingleton<TargetUsage>();
        services.AddSingleton<TargetService>();
        services.AddSingleton<DryRunPreviews>();
        return services;
    }
}
