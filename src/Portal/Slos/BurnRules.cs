using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Slos;

/// <summary>
/// When a burn-rate policy pauses a release. Two rules, each a strict "above":
/// <list type="bullet">
/// <item>the short window burns above <c>pauseAbove</c> (the default rule, 2× over 1h): a fast burn, caught quickly;</item>
/// <item>with <c>pauseAboveLong</c> set, both the long and the short window burn above it (the multiwindow rule of
/// Google's SRE workbook): a slower burn that has lasted long enough to matter, and is still going on — the short
/// window keeps a burn that has already stopped, but still fills the long window, from pausing a release.</item>
/// </list>
/// </summary>
public static class BurnRules
{
    /// <summary>The journaled pause reason, or null when neither rule trips (or the burn is unknown).</summary>
    public static string? PauseReason(SloDefinition slo, double? shortBurn, double? longBurn)
    {
        if (shortBurn is not { } fast)
        {
            return null;
        }
        if (fast > slo.BurnRate.PauseAbove)
        {
            return SloText.Paused(slo, fast);
        }
        return slo.BurnRate.PauseAboveLong is { } limit && longBurn is { } slow && slow > limit && fast > limit
            ? SloText.PausedLong(slo, slow, fast)
            : null;
    }

    public static bool Trips(SloDefinition slo, double? shortBurn, double? longBurn) => PauseReason(slo, shortBurn, longBurn) is not null;
}
