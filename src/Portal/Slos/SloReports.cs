namespace PortalRelease.Portal.Slos;

/// <summary>One SLO as the API and the pages show it. Shares are 0–1; windows are written as in templates (<c>30d</c>, <c>1h</c>).</summary>
public sealed record SloReport(
    string Name,
    double Objective,
    string Window,
    string Good,
    string Total,
    string? Provider,
    BurnRatePolicyReport Policy,
    double? Sli,
    double? ShortBurn,
    double? LongBurn,
    double? BudgetRemaining,
    string State,
    string? Error,
    DateTimeOffset MeasuredAt)
{
    public static SloReport From(SloStatus status) => new(
        status.Slo.Name,
        status.Slo.Objective,
        SloText.Window(status.Slo.Window),
        status.Slo.Good,
        status.Slo.Total,
        status.Slo.Provider,
        new BurnRatePolicyReport(SloText.Window(status.Slo.BurnRate.ShortWindow), SloText.Window(status.Slo.BurnRate.LongWindow), status.Slo.BurnRate.PauseAbove, status.Slo.BurnRate.PauseAboveLong),
        status.Sli,
        status.ShortBurn,
        status.LongBurn,
        status.BudgetRemaining,
        status.State,
        status.Error,
        status.MeasuredAt);
}

/// <summary>The policy: pause above <see cref="PauseAbove"/> over the short window; with <see cref="PauseAboveLong"/>, also when both windows burn above it.</summary>
public sealed record BurnRatePolicyReport(string ShortWindow, string LongWindow, double PauseAbove, double? PauseAboveLong);

/// <summary>A service on the SLO overview: each SLO, and whether new deployments are frozen.</summary>
public sealed record ServiceSloReport(string Service, IReadOnlyList<string> Targets, IReadOnlyList<SloReport> Slos)
{
    /// <summary>The lowest budget remaining among the SLOs; null when none has data.</summary>
    public double? BudgetRemaining => Slos.Where(s => s.BudgetRemaining is not null).Select(s => s.BudgetRemaining).Min();

    /// <summary>The worst state among the SLOs.</summary>
    public string State =>
        Slos.Select(s => s.State).OrderBy(s => Array.IndexOf(Worst, s)).FirstOrDefault() ?? SloStates.NoData;

    public bool Frozen => Slos.Any(s => s.State == SloStates.Exhausted);

    /// <summary>When the oldest of the figures was measured (they may come from the cache); null without SLOs.</summary>
    public DateTimeOffset? MeasuredAt => Slos.Count == 0 ? null : Slos.Min(s => s.MeasuredAt);

    private static readonly string[] Worst = [SloStates.Exhausted, SloStates.Error, SloStates.Burning, SloStates.NoData, SloStates.Ok];
}

/// <summary>One point of an SLO's history: the SLI and burn rate within the bucket ending at <see cref="At"/>, and the budget left in the window so far.</summary>
public sealed record SloPoint(DateTimeOffset At, double? Sli, double? Burn, double? BudgetRemaining);

/// <summary>A release of the service that started, was promoted or rolled back at <see cref="At"/>.</summary>
public sealed record DeploymentMarker(DateTimeOffset At, string ReleaseId, string Version, string Event);

public sealed record SloHistory(string Name, IReadOnlyList<SloPoint> Points);

/// <summary>The per-service view: the overview row plus history and deployment markers.</summary>
public sealed record ServiceSloDetail(ServiceSloReport Service, IReadOnlyList<SloHistory> History, IReadOnlyList<DeploymentMarker> Deployments);
