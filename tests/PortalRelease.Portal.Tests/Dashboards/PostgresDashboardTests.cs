using System.Text.Json;
using PortalRelease.Portal.Dashboards;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.OnCall;
using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Portal.Tests.Data;

namespace PortalRelease.Portal.Tests.Dashboards;

/// <summary>
/// The dashboards' and the on-call view's stores on Debian's PostgreSQL: the same history gives the very same
/// figures, drill-downs and on-call snapshot as on SQLite.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresDashboardTests(PostgresServer server) : IAsyncLifetime
{
    private static readonly string[] Periods = ["2026-Q1", "2025-Q4", "30d", "quarter"];

    private string _database = "";

    public async Task InitializeAsync() => _database = await server.CreateDatabaseAsync();

    public Task DisposeAsync() => server.DropDatabaseAsync(_database);

    [Fact]
    public async Task ConstructedHistory_OnPostgres_SameDashboardsAsOnSqlite()
    {
        await using var sqlite = await DashboardServices.StartAsync();
        await using var postgres = await DashboardServices.StartAsync(postgres: server.PortalSettings(_database));

        foreach (var period in Periods)
        {
            foreach (var (team, service) in new (string?, string?)[] { (null, null), ("alpha", null), ("beta", null), (null, "web"), ("alpha", "api") })
            {
                var expected = await DashboardAsync(sqlite, team, service, period, tallied: true);
                Assert.Equal(expected, await DashboardAsync(postgres, team, service, period, tallied: true));
                Assert.Equal(expected, await DashboardAsync(postgres, team, service, period, tallied: false));
                foreach (var figure in Figures.All)
                {
                    Assert.Equal(await sqlite.DrillDownAsync(figure, team, service, period), await postgres.DrillDownAsync(figure, team, service, period));
                }
            }
        }
        var filters = await postgres.Get<DeliveryDashboardService>().ListFiltersAsync();
        Assert.Equal(["alpha", "beta"], filters.Teams);
        Assert.Equal(["api", "db", "web"], filters.Services);
        // Not two empty dashboards agreeing: alpha's Q1 as worked out by hand in DeliveryFiguresTests.
        var alpha = await postgres.DashboardAsync("alpha", null, "2026-Q1");
        Assert.Equal([7, 6, 3, 3, 2], alpha.Kpis.Take(5).Select(k => k.Releases));
    }

    [Fact]
    public async Task Rebuild_OnPostgres_IsIdenticalFromTheJournalAndOlderFactsNeverWin()
    {
        await using var postgres = await DashboardServices.StartAsync(postgres: server.PortalSettings(_database));
        var facts = postgres.Get<ReleaseFactsRepository>();
        var before = await facts.ListAllAsync();
        Assert.Equal(14, before.Count);

        await facts.DeleteAllAsync();
        Assert.Equal(14, await postgres.Get<ReleaseFactsProjector>().CatchUpAsync());
        Assert.Equal(JsonSerializer.Serialize(before), JsonSerializer.Serialize(await facts.ListAllAsync()));

        // A projector that is behind writes A1 as it was at seq 1, after the facts folded it further.
        var a1 = before.Single(f => f.ReleaseId == "A1");
        await using (var connection = await facts.OpenAsync())
        {
            await ReleaseFactsRepository.UpsertAsync(connection, [new ReleaseFact { ReleaseId = "A1", LastSeq = 1, Team = "stale", Service = "stale", Version = "0" }], CancellationToken.None);
        }
        Assert.Equal(JsonSerializer.Serialize(a1), JsonSerializer.Serialize((await facts.ListAllAsync()).Single(f => f.ReleaseId == "A1")));
    }

    [Fact]
    public async Task OnCall_OnPostgres_SameSnapshotAsOnSqlite()
    {
        await using var sqlite = await DashboardServices.StartAsync(withHistory: false);
        await using var postgres = await DashboardServices.StartAsync(withHistory: false, postgres: server.PortalSettings(_database));
        foreach (var services in new[] { sqlite, postgres })
        {
            // Three days of demo history: rollbacks and aborts in the view's last 24 hours.
            var template = await services.Get<TemplateRepository>().SaveAsync(DemoHistory.TemplateName, null, DemoHistory.TemplateYaml, DemoHistory.Actor, ConstructedHistory.Now);
            await DemoHistory.WriteAsync(services.Get<JournalWriter>(), new DemoHistory(seed: 3).Generate(300, 3, ConstructedHistory.Now, template.Record.Version));
        }

        var expected = await sqlite.Get<OnCallService>().GetAsync();
        var actual = await postgres.Get<OnCallService>().GetAsync();

        Assert.NotEmpty(expected.Rollbacks);
        Assert.Equal(JsonSerializer.Serialize(expected), JsonSerializer.Serialize(actual));
    }

    private static async Task<string> DashboardAsync(DashboardServices services, string? team, string? service, string period, bool tallied)
    {
        var dashboards = services.Get<DeliveryDashboardService>();
        var filter = dashboards.ParseFilter(team, service, period, out var error) ?? throw new InvalidOperationException(error);
        return JsonSerializer.Serialize(tallied ? await dashboards.ComputeAsync(filter) : await dashboards.ComputeFromFactsAsync(filter));
    }
}

