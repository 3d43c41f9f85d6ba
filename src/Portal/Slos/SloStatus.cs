using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Slos;

/// <summary>How an SLO stands now: the SLI over its window, the burn rates of its policy's windows and the budget left.</summary>
public sealed record SloStatus(
    string Service,
    SloDefinition Slo,
    IReadOnlyList<string> Targets,
    double? Sli,
    double? ShortBurn,
    double? LongBurn,
    double? BudgetRemaining,
    string? Error)
{
    /// <summary><c>ok</c>, <c>burning</c> (a rule of the burn-rate policy trips), <c>exhausted</c> (budget spent), <c>no-data</c> or <c>error</c>.</summary>
    public string State =>
        Error is not null ? SloStates.Error
        : BudgetRemaining is null ? SloStates.NoData
        : BudgetRemaining <= 0 ? SloStates.Exhausted
        : BurnRules.Trips(Slo, ShortBurn, LongBurn) ? SloStates.Burning
        : SloStates.Ok;

    /// <summary>The end of the windows measured: figures served from the cache are this old.</summary>
    public DateTimeOffset MeasuredAt { get; init; }

    /// <summary>True when new deployments of the service freeze.</summary>
    public bool IsSpent => Error is null && BudgetRemaining <= 0;
}

public static class SloStates
{
    public const string Ok = "ok";
    public const string Burning = "burning";
    public const string Exhausted = "exhausted";
    public const string NoData = "no-data";
    public const string Error = "error";
}
