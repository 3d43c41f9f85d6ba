using System.Data.Common;
using Microsoft.Extensions.Options;
using PortalRelease.Portal.Data.Postgres;
using PortalRelease.Portal.Data.Sqlite;

namespace PortalRelease.Portal.Data;

public static class DataServiceExtensions
{
    public static IServiceCollection AddPortalData(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>();
        // The provider is chosen once, here: everything else takes PortalDatabase and never asks which it got.
        var provider = StorageOptions.ProviderOf(configuration);
        if (provider == StorageProvider.Postgres)
        {
            services.AddSingleton<PostgresDatabase>();
            services.AddSingleton<PortalDatabase>(sp => sp.GetRequiredService<PostgresDatabase>());
        }
        else
        {
            services.AddSingleton<SqliteDatabase>();
            services.AddSingleton<PortalDatabase>(sp => sp.GetRequiredService<SqliteDatabase>());
        }
        services.AddSingleton<SchemaMigrator>();
        services.AddSingleton<TemplateRepository>();
        services.AddSingleton<TargetRepository>();
        services.AddSingleton<ReleaseRepository>();
        services.AddSingleton<JournalRepository>();
        services.AddSingleton<IncidentRepository>();
        services.AddSingleton<IdempotencyKeyRepository>();
        services.AddSingleton<TargetClaimRepository>();
        services.AddSingleton<PluginStateRepository>();
        services.AddSingleton<DataProtectionKeyRepository>();
        // Registered first (it migrates in StartingAsync) so the schema exists before the key ring, plugins, seeding and the engine start.
        services.AddHostedService<DatabaseInitializer>();
        if (provider == StorageProvider.Sqlite)
        {
            // PostgreSQL checkpoints its own write-ahead log.
            services.AddSingleton<WalCheckpointer>();
            services.AddHostedService(sp => sp.GetRequiredService<WalCheckpointer>());
        }
        services.AddSingleton<IdempotencyKeySweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<IdempotencyKeySweeper>());
        return services;
    }
}
