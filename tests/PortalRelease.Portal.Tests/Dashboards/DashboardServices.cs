using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using PortalRelease.Portal.Dashboards;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Releases.Journal;

namespace PortalRelease.Portal.Tests.Dashboards;

/// <summary>
/// The portal's real container over a fresh temporary home, with the clock standing at <see cref="ConstructedHistory.Now"/>
/// so periods like <c>30d</c> are fixed. Hosted services (engine, projector loop) are not started: tests call
/// <see cref="ReleaseFactsProjector.CatchUpAsync"/> themselves, or start the projector when they test its loop.
/// </summary>
internal sealed class DashboardServices : IAsyncDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("portal-dash-").FullName;
    private readonly ServiceProvider _provider;

    private DashboardServices()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Portal:Auth:Mode"] = "Development",
            ["Portal:DataDirectory"] = Path.Combine(_root, "data"),
            ["Portal:PluginsDirectory"] = Path.Combine(_root, "plugins"),
            ["Portal:SeedSamples"] = "false",
        }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IHostEnvironment>(new HostingEnvironment { ContentRootPath = _root, EnvironmentName = "Development", ApplicationName = "PortalRelease.Portal" });
        services.AddPortalServices(configuration);
        services.AddSingleton<TimeProvider>(new FixedTime(ConstructedHistory.Now));
        _provider = services.BuildServiceProvider();
    }

    public T Get<T>() where T : notnull => _provider.GetRequiredService<T>();

    public static async Task<DashboardServices> StartAsync(bool withHistory = true)
    {
        var services = new DashboardServices();
        await services.Get<SchemaMigrator>().MigrateAsync(CancellationToken.None);
        if (withHistory)
        {
            await ConstructedHistory.WriteAsync(services.Get<JournalWriter>(), services.Get<TemplateRepository>());
            await services.Get<ReleaseFactsProjector>().CatchUpAsync();
        }
        return services;
    }

    public async Task<DeliveryDashboard> DashboardAsync(string? team, string? service, string period)
    {
        var dashboards = Get<DeliveryDashboardService>();
        var filter = dashboards.ParseFilter(team, service, period, out var error) ?? throw new InvalidOperationException(error);
        return await dashboards.ComputeAsync(filter);
    }

    public async Task<IReadOnlyList<string>> DrillDownAsync(string figure, string? team, string? service, string period)
    {
        var dashboards = Get<DeliveryDashboardService>();
        var filter = dashboards.ParseFilter(team, service, period, out var error) ?? throw new InvalidOperationException(error);
        return (await dashboards.DrillDownAsync(filter, figure)).Select(r => r.Id).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        await _provider.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may hold the file a moment longer; the OS cleans temp folders.
        }
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
