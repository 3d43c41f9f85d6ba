using PortalRelease.Portal.Data;

namespace PortalRelease.Portal.Audit;

public static class AuditServiceExtensions
{
    /// <summary>The audit log, the chained tables' stores, and what verifies and anchors them.</summary>
    public static IServiceCollection AddAudit(this IServiceCollection services)
    {
        services.AddSingleton<AuditLogRepository>();
        services.AddSingleton<JournalChainStore>();
        services.AddSingleton<IChainStore>(sp => sp.GetRequiredService<JournalChainStore>());
        services.AddSingleton<IChainStore>(sp => sp.GetRequiredService<AuditLogRepository>());
        services.AddSingleton<AnchorKey>();
        services.AddSingleton<AuditAnchors>();
        services.AddSingleton<AuditVerifier>();
        services.AddSingleton<AuditAnchorService>();
        services.AddHostedService(sp => sp.GetRequiredService<AuditAnchorService>());
        services.AddSingleton<AuditLog>();
        // The trail as log records for a SIEM (exported over OTLP when configured): audit rows and people's journal events.
        services.AddSingleton<AuditStream>();
        services.AddHostedService<JournalAuditStreamer>();
        services.AddScoped<Api.RequestAuditActor>();
        // Reading the trail: one scoped reader (it knows who reads) over the queries.
        services.AddSingleton<AuditLogQueries>();
        services.AddScoped<AuditReader>();
        return services;
    }
}
