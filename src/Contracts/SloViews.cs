namespace PortalRelease.Contracts;

/// <summary>
/// A service on the SLO overview (<c>GET /api/slos</c>): each SLO, the lowest budget left, the worst state and
/// whether new deployments are frozen (an SLO's budget is spent).
/// </summary>
public sealed record ServiceSloView(string Service, IReadOnlyList<string> Targets, IReadOnlyList<SloView> Slos)
{
    public double? BudgetRemaining { get; init; }

    public string? State { get; init; }

    public bool Frozen { get; init; }

    public DateTimeOffset? MeasuredAt { get; init; }
}

/// <summary>One SLO now. Shares are 0–1; windows are written as in templates (<c>30d</c>, <c>1h</c>).</summary>
public sealed record SloView(
    string Name,
    double Objective,
    string Window,
    string Good,
    string Total,
    string? Provider,
    BurnRatePolicyView Policy,
    double? Sli,
    double? ShortBurn,
    double? LongBurn,
    double? BudgetRemaining,
    string State,
    string? Error,
    DateTimeOffset MeasuredAt);

/// <summary>When an SLO pauses a release: above <see cref="PauseAbove"/> over the short window (and, with <see cref="PauseAboveLong"/>, both).</summary>
public sealed record BurnRatePolicyView(string ShortWindow, string LongWindow, double PauseAbove, double? PauseAboveLong);

/// <summary><c>GET /api/slos/{service}</c>: the overview row, each SLO's history, and the service's deployments to read it against.</summary>
public sealed record ServiceSloDetailView(ServiceSloView Service, IReadOnlyList<SloHistoryView> History, IReadOnlyList<DeploymentMarkerView> Deployments);

/// <summary>One SLO's history, oldest point first.</summary>
public sealed record SloHistoryView(string Name, IReadOnlyList<SloPointView> Points);

/// <summary>The SLI and burn rate within the bucket ending at <see cref="At"/>, and the budget left in the window so far.</summary>
public sealed record SloPointView(DateTimeOffset At, double? Sli, double? Burn, double? BudgetRemaining);

/// <summary>A release of the service that started, was promoted or rolled back (<see cref="Event"/>) at <see cref="At"/>.</summary>
public sealed record DeploymentMarkerView(DateTimeOffset At, string ReleaseId, string Version, string Event);
