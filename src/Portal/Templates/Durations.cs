using System.Globalization;
using System.Text.RegularExpressions;

namespace PortalRelease.Portal.Templates;

/// <summary>Durations as templates write them: <c>500ms</c>, <c>30s</c>, <c>5m</c>, <c>1h</c>, or combinations like <c>1m30s</c>.</summary>
public static partial class Durations
{
    [GeneratedRegex(@"^(?:(?<h>\d+)h)?(?:(?<m>\d+)m(?!s))?(?:(?<s>\d+)s)?(?:(?<ms>\d+)ms)?$")]
    private static partial Regex Pattern();

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
        static long Part(Match m, string name) => m.Groups[name].Success ? long.Parse(m.Groups[name].Value, CultureInfo.InvariantCulture) : 0;
        value = TimeSpan.FromHours(Part(match, "h")) + TimeSpan.FromMinutes(Part(match, "m"))
            + TimeSpan.FromSeconds(Part(match, "s")) + TimeSpan.FromMilliseconds(Part(match, "ms"));
        return true;
    }

    public static string Format(TimeSpan value)
    {
        if (value < TimeSpan.FromSeconds(1))
        {
            return $"{(int)value.TotalMilliseconds}ms";
        }
        var parts = new List<string>();
        if (value.Hours + (value.Days * 24) > 0)
        {
            parts.Add($"{value.Hours + (value.Days * 24)}h");
        }
        if (value.Minutes > 0)
        {
            parts.Add($"{value.Minutes}m");
        }
        if (value.Seconds > 0)
        {
            parts.Add($"{value.Seconds}s");
        }
        return string.Concat(parts);
    }
}
