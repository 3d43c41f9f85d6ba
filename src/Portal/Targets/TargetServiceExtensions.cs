using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;
using PortalRelease.Portal.Configuration;
using PortalRelease.Portal.Targets.Policy;
using PortalRelease.Sdk;

namespace PortalRelease.Portal.Targets;

public static class TargetServiceExtensions
{
    /// <summary>
    /// Target management; the operator's target policy (<c>Portal:TargetPolicy</c>, validated at start), which every
    /// plugin receives as its host policy; and Data Protection keys kept in <c>data/keys</c> so encrypted secrets survive
    /// restarts.
    /// </summary>
    public static IServiceCollection AddTargets(this IServiceCollection services, IConfiguration configuration)
    {
        // A misspelt key ("Host" for "Hosts") would silently allow less than the operator meant: refuse to start instead.
        services.AddOptions<TargetPolicyOptions>()
            .Bind(configuration.GetSection(TargetPolicyOptions.Section), binder => binder.ErrorOnUnknownConfiguration = true)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<TargetPolicyOptions>, TargetPolicyOptionsValidator>();
        services.AddSingleton<TargetPolicy>();
        services.AddSingleton<IHostPolicy>(provider => provider.GetRequiredService<TargetPolicy>());
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
