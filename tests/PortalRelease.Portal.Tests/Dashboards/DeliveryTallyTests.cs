using System.Text.Json;
using PortalRelease.Portal.Dashboards;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Releases;
using PortalRelease.Portal.Releases.Journal;

namespace PortalRelease.Portal.Tests.Dashboards;

/// <summary>
/// The dashboard tallies its figures in SQLite, per (team, service) pair (<c>ComputeAsync</c>); reading every fact of
/// the period one by one (<c>ComputeFromFactsAsync</c>, the drill-down's path) is the reference. Both must give the
/// very same dashboard, to the last digit of every median, week and breakdown row.
/// </summary>
public sealed class DeliveryTallyTests
{
    private static readonly string[] Periods = ["2026-Q1", "2025-Q4", "7d", "30d", "90d", "quarter"];

    private static async Task<DeliveryDashboard> AssertSameAsFactsAsync(DashboardServices services, string? team, string? service, string period)
    {
        var dashboards = services.Get<DeliveryDashboardService>();
        var filter = dashboards.ParseFilter(team, service, period, out var error) ?? throw new InvalidOperationException(error);
        var tallied = await dashboards.ComputeAsync(filter);
        var reference = await dashboards.ComputeFromFactsAsync(filter);
        Assert.Equal(JsonSerializer.Serialize(reference), JsonSerializer.Serialize(tallied));
        return tallied;
    }

    [Fact]
    public async Task ConstructedHistory_EveryFilterAndPeriod_TalliesEqualTheFactsReadOneByOne()
    {
        await using var services = await DashboardServices.StartAsync();

        foreach (var period in Periods)
        {
            foreach (var team in new[] { null, "alpha", "beta", "nobody" })
            {
                foreach (var service in new[] { null, "api", "web", "db" })
                {
                    await AssertSameAsFactsAsync(services, team, service, period);
                }
            }
        }
        // Not two empty dashboards agreeing: alpha's Q1 as worked out by hand in DeliveryFiguresTests.
        var alpha = await AssertSameAsFactsAsync(services, "alpha", null, "2026-Q1");
        Assert.Equal([7, 6, 3, 3, 2], alpha.Kpis.Take(5).Select(k => k.Releases));
        Assert.Equal(["api", "web"], alpha.Breakdown.Select(b => b.Key));
    }

    [Fact]
    public async Task ServiceOfSeveralTeams_AndReleasesOnThePeriodsEdges_TalliesEqualTheFacts()
    {
        await using var services = await DashboardServices.StartAsync();
        var writer = services.Get<JournalWriter>();
        // C1 deployed in Q4 and promoted at the first instant of Q1: counts as promoted in Q1, deployed in Q4.
        await ReleaseAsync(writer, "C1", "beta", "api", "2025-12-31T23:00", commit: "2025-12-31T00:00",
            Promote("2026-01-01T00:00"));
        // C2 promoted at the first instant after Q1 (now): not in Q1.
        await ReleaseAsync(writer, "C2", "beta", "api", "2026-03-31T23:00", commit: "2026-03-31T00:00",
            Promote("2026-04-01T00:00"));
        // C3 of a third team failed on api with neither incident nor rollback: restored by api's next promotion, which
        // is beta's C4 (another team's release of the same service).
        await ReleaseAsync(writer, "C3", "gamma", "api", "2026-02-20T00:00", commit: null,
            EventDraft.Imported(new StateChanged(Lifecycle.Verifying, Lifecycle.Failed, "failed"), ConstructedHistory.At("2026-02-20T01:00"), "engine"));
        // C4 fixes C3 (rework) and was promoted without ever deploying (imported history can say so).
        await ReleaseAsync(writer, "C4", "beta", "api", deploy: null, commit: "2026-02-21T00:00",
            EventDraft.Imported(new StateChanged(Lifecycle.Validated, Lifecycle.Promoted, null), ConstructedHistory.At("2026-02-22T00:00"), "engine"),
            fixes: "C3");
        await services.Get<ReleaseFactsProjector>().CatchUpAsync();

        foreach (var period in Periods)
        {
            foreach (var (team, service) in new (string?, string?)[] { (null, null), (null, "api"), ("beta", null), ("beta", "api"), ("gamma", null) })
            {
                await AssertSameAsFactsAsync(services, team, service, period);
            }
        }
        var api = await AssertSameAsFactsAsync(services, null, "api", "2026-Q1");
        Assert.Equal(["alpha", "beta", "gamma"], api.Breakdown.Select(b => b.Key));
        // beta promoted C1 and C4 in Q1 (not C2); gamma's C3 failed 02-20 01:00, restored by C4 02-22 00:00: 47 h.
        Assert.Equal(2, api.Breakdown.Single(b => b.Key == "beta").Deployments);
        Assert.Equal(47, api.Breakdown.Single(b => b.Key == "gamma").TimeToRestoreMedianHours);
    }

    [Fact]
    public async Task DemoHistory_EveryTeamAndPeriod_TalliesEqualTheFacts()
    {
        await using var services = await DashboardServices.StartAsync(withHistory: false);
        var template = await services.Get<TemplateRepository>().SaveAsync(DemoHistory.TemplateName, null, DemoHistory.TemplateYaml, DemoHistory.Actor, ConstructedHistory.Now);
        await DemoHistory.WriteAsync(services.Get<JournalWriter>(), new DemoHistory(seed: 5).Generate(3_000, 200, ConstructedHistory.Now, template.Record.Version));
        await services.Get<ReleaseFactsProjector>().CatchUpAsync();

        foreach (var period in Periods)
        {
            foreach (var (team, service) in new (string?, string?)[]
            {
                (null, null), ("payments", null), ("search", null), ("mobile", null), ("platform", null), (null, "ledger"), ("payments", "ledger"),
            })
            {
                await AssertSameAsFactsAsync(services, team, service, period);
            }
        }
        var all = await AssertSameAsFactsAsync(services, null, null, "2026-Q1");
        Assert.Equal(["mobile", "payments", "platform", "search"], all.Breakdown.Select(b => b.Key));
        Assert.True(all.Kpis.Single(k => k.Figure == Figures.TimeToRestore).Releases > 10);
    }

    private static EventDraft Promote(string at) =>
        EventDraft.Imported(new StateChanged(Lifecycle.Verifying, Lifecycle.Promoted, null), ConstructedHistory.At(at), "engine");

    /// <summary>Created a minute before <paramref name="deploy"/> (or the last event), deploying and verifying at it, then <paramref name="then"/>.</summary>
    private static Task<IReadOnlyList<JournalEvent>> ReleaseAsync(
        JournalWriter writer, string id, string team, string service, string? deploy, string? commit, EventDraft then, string? fixes = null)
    {
        var createdAt = (deploy is null ? then.At!.Value : ConstructedHistory.At(deploy)).AddMinutes(-1);
        var metadata = new ReleaseMetadata(team, service, commit is null ? null : ConstructedHistory.At(commit), null, fixes);
        var events = new List<EventDraft>
        {
            EventDraft.Imported(new ReleaseCreated("svc", 1, "2.0." + id[1..], new Dictionary<string, object?>(), metadata), createdAt, "tester"),
            EventDraft.Imported(new StateChanged(Lifecycle.Proposed, Lifecycle.Validated, null), createdAt, "engine"),
        };
        if (deploy is not null)
        {
            events.Add(EventDraft.Imported(new StateChanged(Lifecycle.Validated, Lifecycle.Deploying, null), ConstructedHistory.At(deploy), "engine"));
            events.Add(EventDraft.Imported(new StateChanged(Lifecycle.Deploying, Lifecycle.Verifying, null), ConstructedHistory.At(deploy), "engine"));
        }
        events.Add(then);
        var record = new ReleaseRecord(id, "svc", 1, "2.0." + id[1..], "{}", "{}", createdAt, "tester");
        return writer.CreateReleaseAsync(record, events);
    }
}
