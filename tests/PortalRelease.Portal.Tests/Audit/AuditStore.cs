using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using PortalRelease.Portal.Audit;
using PortalRelease.Portal.Data;

namespace PortalRelease.Portal.Tests.Audit;

/// <summary>
/// The portal's real container over a fresh, migrated SQLite file (engine not started), for the audit reader: rows
/// are appended through the real chained repository with the times a test chooses.
/// </summary>
internal sealed class AuditStore : IAsyncDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("portal-audit-").FullName;
    private readonly ServiceProvider _services;

    private AuditStore()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Portal:Auth:Mode"] = "Development",
            ["Portal:DataDirectory"] = Path.Combine(_root, "data"),
            ["Portal:PluginsDirectory"] = Path.Combine(_root, "plugins"),
            ["Portal:SeedSamples"] = "false",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IHostEnvironment>(new HostingEnvironment { ContentRootPath = _root, EnvironmentName = "Development", ApplicationName = "PortalRelease.Portal" });
        services.AddLogging();
        services.AddPortalServices(configuration);
        _services = services.BuildServiceProvider();
    }

    public static readonly DateTimeOffset T0 = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    public IServiceProvider Services => _services;

    public string DatabaseFile => Path.Combine(_root, "data", "portal.db");

    public static async Task<AuditStore> CreateAsync()
    {
        var store = new AuditStore();
        await store._services.GetRequiredService<SchemaMigrator>().MigrateAsync(CancellationToken.None);
        return store;
    }

    /// <summary>A reader as a request or circuit gets it (its own scope).</summary>
    public AuditReader Reader() => _services.CreateScope().ServiceProvider.GetRequiredService<AuditReader>();

    public Task<long> AppendAsync(
        int minute, string actorId = "alice", string action = "target.create", string kind = "target", string id = "k8s-eu",
        string outcome = "ok", string? actorName = null, string details = "{}") =>
        _services.GetRequiredService<AuditLogRepository>().AppendAsync(new AuditRow(
            DbTime.Format(T0.AddMinutes(minute)), actorId, actorName ?? Capitalised(actorId), "local", "127.0.0.1", action, kind, id, outcome, details));

    private static string Capitalised(string id) => id.Length == 0 ? id : char.ToUpperInvariant(id[0]) + id[1..];

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
