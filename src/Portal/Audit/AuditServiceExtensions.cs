using PortalRelease.Portal.Data;

namespace PortalRelease.Portal.Audit;

public static class AuditServiceExtensions
{
    /// <summary>The audit log, the chained tables' stores, and what verifies and anchors them.</summary>
    public static IServiceCollection AddAudit(this IServiceCollection services)
    {
        services.AddSingleton<AuditLogRepository>();
        services.AddSingleton<JournalChainStore>();
        services.AddSingleton<AuditLog>();
        services.AddScoped<Api.RequestAuditActor>();
        return services;
    }
}
