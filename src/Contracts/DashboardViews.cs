using System.Text.Json.Serialization;

namespace PortalRelease.Contracts;

/// <summary>
/// The delivery dashboard as <c>GET /api/dashboards/delivery</c> serves it for a team/service filter and a period
/// (<c>7d</c>, <c>30d</c>, <c>90d</c>, <c>quarter</c> or <c>2026-Q3</c>): headline figures, a weekly trend and a
/// breakdown by team (or, within a team, by service).
/// </summary>
public sealed record DeliveryDashboardView(
    string? Team,
    string? Service,
    string Period,
    DateTimeOffset From,
    DateTimeOffset To,
    IReadOnlyList<KpiView> Kpis,
    IReadOnlyList<WeekPointView> Trend,
    string BreakdownBy,
    IReadOnlyList<BreakdownRowView> Breakdown);

/// <summary>
/// One headline figure (<see cref="Figure"/> names it in a drill-down's <c>figure=</c>): its value, how it reads, its
/// DORA band and how many releases it was computed from.
/// </summary>
public sealed record KpiView(string Figure, string Name, double? Value, string Unit, string Display, DoraBand? Band, int Releases, string Detail);

/// <summary>The DORA performance band of a figure; served as its name.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DoraBand>))]
public enum DoraBand
{
    Elite,
    High,
    Medium,
    Low,
}

/// <summary>One week of the trend (Monday to Monday, UTC): the figures over that week's releases.</summary>
public sealed record WeekPointView(
    DateTimeOffset WeekStart, int Deployments, double? LeadTimeMedianHours, int Deployed, int Failed, double? ChangeFailureRate,
    double? TimeToRestoreMedianHours, double? ReworkRate);

/// <summary>The figures of one team (or one service of the team) in the filter.</summary>
public sealed record BreakdownRowView(
    string Key, int Deployments, double? LeadTimeMedianHours, int Deployed, int Failed, double? ChangeFailureRate,
    double? TimeToRestoreMedianHours, double? ReworkRate);

/// <summary>One release behind a figure (<c>GET /api/dashboards/delivery/releases</c>), with the moments the figure used.</summary>
public sealed record DrillDownRowView(
    string Id,
    string Team,
    string Service,
    string Version,
    string State,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CommitAt,
    DateTimeOffset? DeployedAt,
    DateTimeOffset? PromotedAt,
    DateTimeOffset? FailedAt,
    string? Failure,
    DateTimeOffset? RestoredAt,
    double? LeadTimeHours,
    double? TimeToRestoreHours,
    string? Fixes,
    string Link);
