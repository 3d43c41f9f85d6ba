using PortalRelease.Contracts;
using PortalRelease.Portal.Dashboards;
using DoraBand = PortalRelease.Contracts.DoraBand;

namespace PortalRelease.Portal.Api;

/// <summary>The delivery dashboard and its drill-down as the API serves them.</summary>
internal static class DashboardViews
{
    public static DeliveryDashboardView ToView(this DeliveryDashboard d) => new(
        d.Team, d.Service, d.Period, d.From, d.To,
        d.Kpis.Select(k => new KpiView(k.Figure, k.Name, k.Value, k.Unit, k.Display, k.Band is { } band ? (DoraBand)(int)band : null, k.Releases, k.Detail)).ToList(),
        d.Trend.Select(w => new WeekPointView(
            w.WeekStart, w.Deployments, w.LeadTimeMedianHours, w.Deployed, w.Failed, w.ChangeFailureRate, w.TimeToRestoreMedianHours, w.ReworkRate)).ToList(),
        d.BreakdownBy,
        d.Breakdown.Select(b => new BreakdownRowView(
            b.Key, b.Deployments, b.LeadTimeMedianHours, b.Deployed, b.Failed, b.ChangeFailureRate, b.TimeToRestoreMedianHours, b.ReworkRate)).ToList());

    public static DrillDownRowView ToView(this DrillDownRow r) => new(
        r.Id, r.Team, r.Service, r.Version, r.State, r.CreatedAt, r.CommitAt, r.DeployedAt, r.PromotedAt, r.FailedAt, r.Failure, r.RestoredAt,
        r.LeadTimeHours, r.TimeToRestoreHours, r.Fixes, r.Link);
}
