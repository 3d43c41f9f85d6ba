namespace PortalRelease.Portal.Templates;

/// <summary>
/// A service level objective as the template declares it under <c>slos:</c>: the share of good events among all
/// events (<see cref="Good"/> ÷ <see cref="Total"/>, a ratio SLI) must stay at or above <see cref="Objective"/> over
/// <see cref="Window"/>. Values are fixed (no parameters): an SLO belongs to the service, not to one release.
/// </summary>
/// <param name="Name">The SLO's name within the service, e.g. <c>availability</c>.</param>
/// <param name="Objective">The target share of good events, between 0 and 1 exclusive (99.9 % is 0.999).</param>
/// <param name="Window">The rolling window the error budget is counted over, e.g. 30 days.</param>
/// <param name="Provider">The metric source kind; null means each target's own kind.</param>
/// <param name="Good">The metric (or query in the source's language) counting good events.</param>
/// <param name="Total">The metric (or query) counting all events.</param>
/// <param name="BurnRate">When a running release of the service pauses.</param>
public sealed record SloDefinition(
    string Name,
    double Objective,
    TimeSpan Window,
    string? Provider,
    string Good,
    string Total,
    BurnRatePolicy BurnRate)
{
    /// <summary>Where the SLO was written; zero when it was not parsed from YAML.</summary>
    public TemplateLocation Location { get; init; }

    /// <summary>The error budget: the share of events allowed to fail (1 − objective).</summary>
    public double Budget => 1 - Objective;
}

/// <summary>
/// The burn-rate policy (<c>burnRate: { shortWindow, longWindow, pauseAbove, pauseAboveLong }</c>): a release pauses
/// when the error budget burns faster than <see cref="PauseAbove"/> times the sustainable rate over
/// <see cref="ShortWindow"/>; and, when <see cref="PauseAboveLong"/> is set, when both the long and the short window
/// burn faster than it (a slower burn that lasts, confirmed as still going on by the short window).
/// </summary>
public sealed record BurnRatePolicy(TimeSpan ShortWindow, TimeSpan LongWindow, double PauseAbove, double? PauseAboveLong = null)
{
    public static BurnRatePolicy Default { get; } = new(TimeSpan.FromHours(1), TimeSpan.FromHours(6), 2);
}
