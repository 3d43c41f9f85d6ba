using PortalRelease.Portal.Dashboards;

namespace PortalRelease.Portal.Tests.Dashboards;

/// <summary>The figures of <see cref="ConstructedHistory"/>, each checked against arithmetic done by hand.</summary>
public sealed class DeliveryFiguresTests : IAsyncLifetime
{
    private const double Tolerance = 1e-9;
    private DashboardServices _services = null!;

    public async Task InitializeAsync() => _services = await DashboardServices.StartAsync();

    public async Task DisposeAsync() => await _services.DisposeAsync();

    private static Kpi Kpi(DeliveryDashboard dashboard, string figure) => dashboard.Kpis.Single(k => k.Figure == figure);

    [Fact]
    public async Task TeamAlpha_Q1_EveryFigureMatchesTheHandComputation()
    {
        var d = await _services.DashboardAsync("alpha", null, "2026-Q1");

        // Q1 2026 = Jan 1 to Apr 1 = 31 + 28 + 31 = 90 days.
        Assert.Equal(90, (d.To - d.From).TotalDays, Tolerance);
        // Promoted in Q1: A1 A3 A4 A6 A7 A8 A10 = 7 (A0 was in December) → 7 / 90 per day.
        var frequency = Kpi(d, Figures.Deployments);
        Assert.Equal(7, frequency.Releases);
        Assert.Equal(7 / 90.0, frequency.Value!.Value, Tolerance);
        // 0.078/day is below daily and weekly (1/7 = 0.143) but above monthly (1/30 = 0.033) → medium.
        Assert.Equal(DoraBand.Medium, frequency.Band);

        // Lead times (h): A1 12, A3 24, A4 48 (from build), A6 4, A7 10, A10 12; A8 has none.
        // Sorted 4 10 12 12 24 48: median (12 + 12) / 2 = 12; p90 nearest rank ⌈0.9 × 6⌉ = 6th = 48.
        var lead = Kpi(d, Figures.LeadTime);
        Assert.Equal(6, lead.Releases);
        Assert.Equal(12, lead.Value!.Value, Tolerance);
        Assert.Equal("12 h median · 2 d p90", lead.Display); // 48 h shows as 2 days
        Assert.Equal(DoraBand.Elite, lead.Band); // under a day

        // Deployed in Q1: A1 A2 A3 A4 A5 A6 A7 A8 A10 A11 = 10 (A9 never deployed). Failed: A2 rolled back,
        // A5 failed, A7 incident = 3 → 3 / 10 = 30% → low (above 15%).
        var cfr = Kpi(d, Figures.ChangeFailureRate);
        Assert.Equal(3, cfr.Releases);
        Assert.Equal(0.3, cfr.Value!.Value, Tolerance);
        Assert.Equal(DoraBand.Low, cfr.Band);

        // Restore (h): A2 01:00 → 01:30 = 0.5; A5 02:00 → A6 promoted 08:00 = 6; A7 incident 00:00 → resolved 03:00 = 3.
        // Sorted 0.5 3 6: median 3 → high (under a day); p90 ⌈2.7⌉ = 3rd = 6.
        var ttr = Kpi(d, Figures.TimeToRestore);
        Assert.Equal(3, ttr.Releases);
        Assert.Equal(3, ttr.Value!.Value, Tolerance);
        Assert.Equal("3 h median · 6 h p90", ttr.Display);
        Assert.Equal(DoraBand.High, ttr.Band);

        // Rework: A3 fixes A2 (failed), A6 fixes A5 (failed); A10 fixes A1, which did not fail → 2 / 7.
        var rework = Kpi(d, Figures.Rework);
        Assert.Equal(2, rework.Releases);
        Assert.Equal(2 / 7.0, rework.Value!.Value, Tolerance);

        // Now: A11 waits for a person (queue 1, blocked 1); B2 is paused but belongs to beta.
        Assert.Equal(1, Kpi(d, Figures.ApprovalQueue).Value);
        Assert.Equal(1, Kpi(d, Figures.Blocked).Value);
    }

    [Fact]
    public async Task AllTeams_Q1_AddsBeta()
    {
        var d = await _services.DashboardAsync(null, null, "2026-Q1");

        // Alpha's 7 promoted + B1 = 8 → 8 / 90 per day.
        Assert.Equal(8 / 90.0, Kpi(d, Figures.Deployments).Value!.Value, Tolerance);
        // Lead times 4 10 12 12 24 24 48 (B1 adds 24): 7 values, median the 4th = 12.
        Assert.Equal(12, Kpi(d, Figures.LeadTime).Value!.Value, Tolerance);
        // Deployed 10 + B1 + B2 = 12; failed 3 → 25%.
        Assert.Equal(0.25, Kpi(d, Figures.ChangeFailureRate).Value!.Value, Tolerance);
        Assert.Equal(DoraBand.Low, Kpi(d, Figures.ChangeFailureRate).Band);
        // Blocked: A11 (waiting) and B2 (paused) = 2; only A11 waits for a person.
        Assert.Equal(2, Kpi(d, Figures.Blocked).Value);
        Assert.Equal(1, Kpi(d, Figures.ApprovalQueue).Value);
        // Broken down by team: alpha 7 promoted, beta 1.
        Assert.Equal("team", d.BreakdownBy);
        Assert.Equal([("alpha", 7), ("beta", 1)], d.Breakdown.Select(b => (b.Key, b.Deployments)));
    }

    [Fact]
    public async Task ServiceWeb_Q1_OnlyItsReleases()
    {
        var d = await _services.DashboardAsync(null, "web", "2026-Q1");

        // web: A4 and A6 promoted; lead 48 and 4 → median (4 + 48) / 2 = 26.
        Assert.Equal(2, Kpi(d, Figures.Deployments).Releases);
        Assert.Equal(26, Kpi(d, Figures.LeadTime).Value!.Value, Tolerance);
        // Deployed A4 A5 A6, failed A5 → 1 / 3; restored by A6 in 6 h; rework A6 → 1 / 2.
        Assert.Equal(1 / 3.0, Kpi(d, Figures.ChangeFailureRate).Value!.Value, Tolerance);
        Assert.Equal(6, Kpi(d, Figures.TimeToRestore).Value!.Value, Tolerance);
        Assert.Equal(0.5, Kpi(d, Figures.Rework).Value!.Value, Tolerance);
    }

    [Fact]
    public async Task Last30Days_OnlyMarch2ToApril1()
    {
        var d = await _services.DashboardAsync("alpha", null, "30d");

        // Now is Apr 1 00:00, so the window is [Mar 2, Apr 1). Promoted: A8 (Mar 5) and A10 (Mar 7); A7 was
        // promoted Mar 1. Deployed: A8 A10 A11, none failed → 0%, elite.
        Assert.Equal(ConstructedHistory.At("2026-03-02T00:00"), d.From);
        Assert.Equal(2, Kpi(d, Figures.Deployments).Releases);
        Assert.Equal(2 / 30.0, Kpi(d, Figures.Deployments).Value!.Value, Tolerance);
        Assert.Equal(0, Kpi(d, Figures.ChangeFailureRate).Value!.Value, Tolerance);
        Assert.Equal(DoraBand.Elite, Kpi(d, Figures.ChangeFailureRate).Band);
        // Nothing failed, so nothing to restore: no value, no band.
        Assert.Null(Kpi(d, Figures.TimeToRestore).Value);
        Assert.Null(Kpi(d, Figures.TimeToRestore).Band);
    }

    [Fact]
    public async Task DrillDown_ListsExactlyTheReleasesBehindEachFigure()
    {
        Assert.Equal(["A2", "A5", "A7"], await _services.DrillDownAsync(Figures.ChangeFailureRate, "alpha", null, "2026-Q1"));
        Assert.Equal(["A2", "A5", "A7"], await _services.DrillDownAsync(Figures.TimeToRestore, "alpha", null, "2026-Q1"));
        Assert.Equal(["A3", "A6"], await _services.DrillDownAsync(Figures.Rework, "alpha", null, "2026-Q1"));
        Assert.Equal(["A1", "A3", "A4", "A6", "A7", "A8", "A10"], await _services.DrillDownAsync(Figures.Deployments, "alpha", null, "2026-Q1"));
        Assert.Equal(["A1", "A3", "A4", "A6", "A7", "A10"], await _services.DrillDownAsync(Figures.LeadTime, "alpha", null, "2026-Q1"));
        Assert.Equal(["A11"], await _services.DrillDownAsync(Figures.ApprovalQueue, null, null, "2026-Q1"));
        Assert.Equal(["B2", "A11"], await _services.DrillDownAsync(Figures.Blocked, null, null, "2026-Q1"));
    }

    [Fact]
    public async Task Trend_WeeklyFromTheMondayBeforeThePeriod()
    {
        var d = await _services.DashboardAsync("alpha", null, "2026-Q1");

        // Jan 1 2026 is a Thursday: weeks start Mon Dec 29, then every 7 days up to Mon Mar 30 → 14 weeks.
        Assert.Equal(14, d.Trend.Count);
        Assert.Equal(ConstructedHistory.At("2025-12-29T00:00"), d.Trend[0].WeekStart);
        // Week of Jan 5: A1 promoted (lead 12 h). Week of Feb 9: A6 promoted; A5 and A6 deployed, A5 failed → 50%.
        var jan5 = d.Trend.Single(w => w.WeekStart == ConstructedHistory.At("2026-01-05T00:00"));
        Assert.Equal((1, 12.0), (jan5.Deployments, jan5.LeadTimeMedianHours!.Value));
        var feb9 = d.Trend.Single(w => w.WeekStart == ConstructedHistory.At("2026-02-09T00:00"));
        Assert.Equal((1, 2, 1, 0.5), (feb9.Deployments, feb9.Deployed, feb9.Failed, feb9.ChangeFailureRate!.Value));
    }

    [Theory]
    [InlineData(1.0, DoraBand.Elite)]
    [InlineData(0.99, DoraBand.High)]
    [InlineData(1.0 / 7, DoraBand.High)]
    [InlineData(0.1, DoraBand.Medium)]
    [InlineData(1.0 / 30, DoraBand.Medium)]
    [InlineData(0.03, DoraBand.Low)]
    public void DeploymentFrequencyBands_FollowTheReport(double perDay, DoraBand band) =>
        Assert.Equal(band, DoraBands.DeploymentFrequency(perDay));

    [Fact]
    public void OtherBands_AtTheirEdges()
    {
        Assert.Equal(DoraBand.Elite, DoraBands.LeadTime(TimeSpan.FromHours(23.9)));
        Assert.Equal(DoraBand.High, DoraBands.LeadTime(TimeSpan.FromDays(7)));
        Assert.Equal(DoraBand.Medium, DoraBands.LeadTime(TimeSpan.FromDays(30)));
        Assert.Equal(DoraBand.Low, DoraBands.LeadTime(TimeSpan.FromDays(31)));
        Assert.Equal(DoraBand.Elite, DoraBands.ChangeFailureRate(0.05));
        Assert.Equal(DoraBand.High, DoraBands.ChangeFailureRate(0.10));
        Assert.Equal(DoraBand.Medium, DoraBands.ChangeFailureRate(0.15));
        Assert.Equal(DoraBand.Low, DoraBands.ChangeFailureRate(0.151));
        Assert.Equal(DoraBand.Elite, DoraBands.TimeToRestore(TimeSpan.FromMinutes(59)));
        Assert.Equal(DoraBand.High, DoraBands.TimeToRestore(TimeSpan.FromHours(23)));
        Assert.Equal(DoraBand.Medium, DoraBands.TimeToRestore(TimeSpan.FromDays(7)));
        Assert.Equal(DoraBand.Low, DoraBands.TimeToRestore(TimeSpan.FromDays(8)));
        Assert.Null(DoraBands.ChangeFailureRate(null));
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("2031-Q1")]
    [InlineData("2026-Q5")]
    public void Period_Invalid_SaysWhatIsAccepted(string period)
    {
        Assert.Null(_services.Get<DeliveryDashboardService>().ParseFilter(null, null, period, out var error));
        Assert.Contains("'period'", error, StringComparison.Ordinal);
    }
}
