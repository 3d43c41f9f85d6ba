namespace PortalRelease.Portal.Slos;

/// <summary>
/// Error-budget arithmetic of a ratio SLI. With objective o the budget is 1 − o of all events; an error ratio e
/// burns it at e ÷ (1 − o) times the rate that would spend exactly the whole budget over the SLO window.
/// </summary>
public static class BurnRate
{
    /// <summary>The share of bad events, (total − good) ÷ total, clamped to [0, 1]; null when nothing was counted.</summary>
    public static double? ErrorRatio(double good, double total) =>
        total > 0 ? Math.Clamp((total - good) / total, 0, 1) : null;

    /// <summary>How many times faster than sustainable the budget burns: error ratio ÷ (1 − objective).</summary>
    public static double Of(double errorRatio, double objective) => errorRatio / (1 - objective);

    /// <summary>
    /// The share of the window's budget not yet spent: 1 − error ratio ÷ (1 − objective). Negative when the budget
    /// is overspent (−0.12 means 12 % more errors than the budget allowed).
    /// </summary>
    public static double BudgetRemaining(double errorRatio, double objective) => 1 - Of(errorRatio, objective);
}
