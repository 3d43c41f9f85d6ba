using Microsoft.Extensions.DependencyInjection;
using PortalRelease.Portal.Audit;
using PortalRelease.Portal.Data;

namespace PortalRelease.Portal.Tests.Audit;

/// <summary>
/// The portal's real container over a fresh, migrated SQLite file (engine not started), for the audit reader: rows
/// are appended through the real chained repository with the times a test chooses.
/// </summary>
internal sealed class AuditStore : IAsyncDisposable
{
    private readonly PortalContainer _container;

    private AuditStore(PortalContainer container) => _container = container;

    public static readonly DateTimeOffset T0 = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    public IServiceProvider Services => _container.Services;

    public string DatabaseFile => _container.DatabaseFile;

    public static async Task<AuditStore> CreateAsync() => new(await PortalContainer.CreateAsync("portal-audit-"));

    /// <summary>A reader as a request or circuit gets it (its own scope).</summary>
    public AuditReader Reader() => Services.CreateScope().ServiceProvider.GetRequiredService<AuditReader>();

    public Task<long> AppendAsync(
        int minute, string actorId = "alice", string action = "target.create", string kind = "target", string id = "k8s-eu",
        string outcome = "ok", string? actorName = null, string details = "{}") =>
        _container.Get<AuditLogRepository>().AppendAsync(new AuditRow(
            DbTime.Format(T0.AddMinutes(minute)), actorId, actorName ?? Capitalised(actorId), "local", "127.0.0.1", action, kind, id, outcome, details));

    private static string Capitalised(string id) => id.Length == 0 ? id : char.ToUpperInvariant(id[0]) + id[1..];

    public ValueTask DisposeAsync() => _container.DisposeAsync();
}
