using System.Globalization;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Slos;

/// <summary>The SLO figures in words, the same in the journal, the API's messages and the pages.</summary>
public static class SloText
{
    /// <summary>A burn rate to one decimal: <c>4.1×</c>, <c>2×</c>.</summary>
    public static string Burn(double burn) => burn.ToString("0.#", CultureInfo.InvariantCulture) + "×";

    /// <summary>A share as a signed percentage with a true minus sign: <c>−12 %</c>, <c>99.95 %</c>.</summary>
    public static string Percent(double share)
    {
        var text = (share * 100).ToString("0.##", CultureInfo.InvariantCulture);
        return text.Replace("-", "\u2212", StringComparison.Ordinal) + " %";
    }

    public static string Window(TimeSpan window) =>
        window.TotalDays >= 1 && window.Ticks % TimeSpan.TicksPerDay == 0
            ? ((int)window.TotalDays).ToString(CultureInfo.InvariantCulture) + "d"
            : Durations.Format(window);

    /// <summary>The pause reason: "paused: availability burn rate 4.1× over 1h exceeds 2×".</summary>
    public static string Paused(SloDefinition slo, double burn) =>
        $"paused: {slo.Name} burn rate {Burn(burn)} over {Window(slo.BurnRate.ShortWindow)} exceeds {Burn(slo.BurnRate.PauseAbove)}";

    /// <summary>The pause reason of the long-window rule, both numbers: "paused: availability burn rate 1.5× over 6h and 1.8× over 1h exceed 1×".</summary>
    public static string PausedLong(SloDefinition slo, double longBurn, double shortBurn) =>
        $"paused: {slo.Name} burn rate {Burn(longBurn)} over {Window(slo.BurnRate.LongWindow)} and {Burn(shortBurn)} over {Window(slo.BurnRate.ShortWindow)} exceed {Burn(slo.BurnRate.PauseAboveLong ?? slo.BurnRate.PauseAbove)}";

    /// <summary>What every burn-rate pause reason of <paramref name="slo"/> starts with.</summary>
    public static string PausedPrefix(SloDefinition slo) => $"paused: {slo.Name} burn rate ";

    public const string FrozenPrefix = "frozen: error budget of ";

    /// <summary>Whether a gate wait's reason is an error-budget freeze (rather than the deployment calendar).</summary>
    public static bool IsFrozen(string? reason) => reason?.StartsWith(FrozenPrefix, StringComparison.Ordinal) == true;

    /// <summary>The freeze reason: "frozen: error budget of checkout spent (−12 %)".</summary>
    public static string Frozen(string service, double remaining) =>
        $"{FrozenPrefix}{service} spent ({Percent(remaining)})";
}
