using Microsoft.Extensions.DependencyInjection;
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
    private readonly PortalContainer _container;

    private DashboardServices(PortalContainer container) => _container = container;

    public T Get<T>() where T : notnull => _container.Get<T>();

    /// <param name="postgres">The settings that hold the data in PostgreSQL instead of the SQLite file (<see cref="Data.PostgresServer.PortalSettings"/>).</param>
    public static async Task<DashboardServices> StartAsync(bool withHistory = true, IReadOnlyDictionary<string, string>? postgres = null)
    {
        var settings = postgres?.ToDictionary(p => p.Key, p => (string?)p.Value);
        var services = new DashboardServices(await PortalContainer.CreateAsync(
            "portal-dash-", s => s.AddSingleton<TimeProvider>(new FixedTime(ConstructedHistory.Now)), settings));
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

    public ValueTask DisposeAsync() => _container.DisposeAsync();

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
