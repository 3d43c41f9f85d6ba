using System.Globalization;
using System.Text.RegularExpressions;

namespace PortalRelease.Portal.Templates;

/// <summary>Durations as templates write them: <c>500ms</c>, <c>30s</c>, <c>5m</c>, <c>1h</c>, or combinations like <c>1m30s</c>.</summary>
public static partial class Durations
{
    /// <summary>The longest duration a template may hold; keeps arithmetic on plans far away from overflow.</summary>
    public static readonly TimeSpan MaxValue = TimeSpan.FromDays(366);

    [GeneratedRegex(@"^(?:(?<h>\d+)h)?(?:(?<m>\d+)m(?!s))?(?:(?<s>\d+)s)?(?:(?<ms>\d+)ms)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    /// <summary>Parses a duration; false for anything else, including values longer than <see cref="MaxValue"/>.</summary>
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        var match = Pattern().Match(text.Trim());
        if (!match.Success || match.Length == 0)
        {
            return false;
        }
        var total = 0m;
        foreach (var (group, unitMs) in Units)
        {
            if (!match.Groups[group].Success)
            {
                continue;
            }
            if (!decimal.TryParse(match.Groups[group].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var amount)
                || amount > MaxMilliseconds)
            {
                return false;
            }
            total += amount * unitMs;
            if (total > MaxMilliseconds)
            {
                return false;
            }
        }
        value = TimeSpan.FromMilliseconds((double)total);
        return true;
    }

    /// <summary>Formats a duration so that <see cref="TryParse"/> reads it back exactly (to the millisecond).</summary>
    public static string Format(TimeSpan value)
    {
        if (value < TimeSpan.FromSeconds(1))
        {
            return $"{(int)value.TotalMilliseconds}ms";
        }
        var parts = new List<string>();
        var hours = (long)value.TotalHours;
        if (hours > 0)
        {
            parts.Add($"{hours}h");
        }
        if (value.Minutes > 0)
        {
            parts.Add($"{value.Minutes}m");
        }
        if (value.Seconds > 0)
        {
            parts.Add($"{value.Seconds}s");
        }
        if (value.Milliseconds > 0)
        {
            parts.Add($"{value.Milliseconds}ms");
        }
        return string.Concat(parts);
    }

    private static readonly decimal MaxMilliseconds = (decimal)MaxValue.TotalMilliseconds;

    private static readonly (string Group, decimal Milliseconds)[] Units =
    [
        ("h", 3_600_000m),
        ("m", 60_000m),
        ("s", 1_000m),
        ("ms", 1m),
    ];
}
