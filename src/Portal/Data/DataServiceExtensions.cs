namespace PortalRelease.Portal.Data;

public static class DataServiceExtensions
{
    public static IServiceCollection AddPortalData(this IServiceCollection services)
    {
        services.AddSingleton<SqliteConnectionFactory>();
        services.AddSingleton<SchemaMigrator>();
        services.AddSingleton<TemplateRepository>();
        services.AddSingleton<TargetRepository>();
        services.AddSingleton<ReleaseRepository>();
        services.AddSingleton<JournalRepository>();
        services.AddSingleton<IncidentRepository>();
        services.AddSingleton<IdempotencyKeyRepository>();
        // Registered first so the schema exists before plugins, seeding and the engine start.
        services.AddHostedService<DatabaseInitializer>();
        services.AddSingleton<WalCheckpointer>();
        services.AddHostedService(sp => sp.GetRequiredService<WalCheckpointer>());
        services.AddSingleton<IdempotencyKeySweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<IdempotencyKeySweeper>());
        return services;
    }
}
