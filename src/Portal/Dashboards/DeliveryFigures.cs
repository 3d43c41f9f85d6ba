namespace PortalRelease.Portal.Dashboards;

/// <summary>The figures a drill-down can open; the value is the name used in URLs (<c>figure=cfr</c>).</summary>
public static class Figures
{
    public const string Deployments = "deployments";
    public const string LeadTime = "lead-time";
    public const string Deployed = "deployed";
    public const string ChangeFailureRate = "cfr";
    public const string TimeToRestore = "ttr";
    public const string Rework = "rework";
    public const string ApprovalQueue = "approval-queue";
    public const string Blocked = "blocked";

    public static IReadOnlyList<string> All { get; } = [Deployments, LeadTime, Deployed, ChangeFailureRate, TimeToRestore, Rework, ApprovalQueue, Blocked];
}

/// <summary>What a dashboard shows for one team/service filter and period.</summary>
public sealed record DeliveryFilter(string? Team, string? Service, DeliveryPeriod Period);

/// <summary>One headline figure: its value, how it reads, its DORA band and how many releases it was computed from.</summary>
public sealed record Kpi(string Figure, string Name, double? Value, string Unit, string Display, DoraBand? Band, int Releases, string Detail);

/// <summary>One week of the trend: the same figures over the releases of that week (Monday to Monday, UTC).</summary>
public sealed record WeekPoint(
    DateTimeOffset WeekStart, int Deployments, double? LeadTimeMedianHours, int Deployed, int Failed, double? ChangeFailureRate,
    double? TimeToRestoreMedianHours, double? ReworkRate);

/// <summary>The figures of one team (or, within a team, one service) of the filter.</summary>
public sealed record BreakdownRow(
    string Key, int Deployments, double? LeadTimeMedianHours, int Deployed, int Failed, double? ChangeFailureRate,
    double? TimeToRestoreMedianHours, double? ReworkRate);

public sealed record DeliveryDashboard(
    string? Team,
    string? Service,
    string Period,
    DateTimeOffset From,
    DateTimeOffset To,
    IReadOnlyList<Kpi> Kpis,
    IReadOnlyList<WeekPoint> Trend,
    string BreakdownBy,
    IReadOnlyList<BreakdownRow> Breakdown);

/// <summary>One release behind a figure, with the moments the figure used.</summary>
public sealed record DrillDownRow(
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
