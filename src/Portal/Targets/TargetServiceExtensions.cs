using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;
using PortalRelease.Portal.Configuration;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Targets.Policy;
using PortalRelease.Sdk;

namespace PortalRelease.Portal.Targets;

public static class TargetServiceExtensions
{
    /// <summary>
    /// Target management; the operator's target policy (<c>Portal:TargetPolicy</c>, validated at start), which every
    /// plugin receives as its host policy; and Data Protection keys kept owner-only in <c>data/keys</c> (SQLite) or in the
    /// database every node shares (PostgreSQL) so encrypted secrets survive restarts and open on any node, encrypted at
    /// rest with the certificate of <c>Portal:DataProtection:Certificate</c> (required on PostgreSQL).
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
        services.AddOptions<KeyRingOptions>().Bind(configuration.GetSection(KeyRingOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<KeyRingOptions>, KeyRingOptionsValidator>();
        services.AddSingleton<KeyRingCertificate>();
        services.AddHostedService<DataFolderChecks>();
        services.AddDataProtection().SetApplicationName("PortalRelease");
        // Nodes sharing PostgreSQL share one key ring in the database; a SQLite portal keeps it in its data folder.
        var shared = StorageOptions.ProviderOf(configuration) == StorageProvider.Postgres;
        if (shared)
        {
            services.AddHostedService<SharedKeyRingStartup>();
        }
        // The data folder and the certificate are only known once options bind, so the repository (PersistKeysToFileSystem,
        // owner-only, or the shared table) and the encryptor (ProtectKeysWithCertificate's CertificateXmlEncryptor) are set
        // here, deferred.
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => new ConfigureOptions<KeyManagementOptions>(o =>
        {
            var loggers = sp.GetRequiredService<ILoggerFactory>();
            o.XmlRepository = shared
                ? new SharedXmlRepository(sp.GetRequiredService<DataProtectionKeyRepository>(), sp.GetRequiredService<TimeProvider>())
                : new OwnerOnlyXmlRepository(Path.Combine(sp.GetRequiredService<PortalPaths>().DataDirectory, "keys"), loggers);
            if (sp.GetRequiredService<KeyRingCertificate>().Certificate is { } certificate)
            {
                o.XmlEncryptor = new KeyRingCertificateEncryptor(certificate, loggers);
            }
        }));
        services.AddSingleton<TargetSecrets>();
        services.AddSingleton<TargetContexts>();
        services.AddSingleton<TargetUsage>();
        services.AddSingleton<TargetLabelGate>();
        services.AddSingleton<TargetService>();
        services.AddSingleton<DryRunPreviews>();
        return services;
    }
}
