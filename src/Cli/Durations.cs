using System.Globalization;
using System.Text.RegularExpressions;

namespace PortalRelease.Cli;

/// <summary>Durations as templates write them: <c>30m</c>, <c>1h30m</c>, <c>90s</c>, <c>500ms</c>; or <c>hh:mm:ss</c>.</summary>
public static partial class Durations
{
    [GeneratedRegex(@"\A(?:(?<h>\d+)h)?(?:(?<m>\d+)m(?!s))?(?:(?<s>\d+)s)?(?:(?<ms>\d+)ms)?\z")]
    private static partial Regex Pattern();

    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        text = text.Trim();
        if (text.Contains(':', StringComparison.Ordinal))
        {
            return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out duration) && duration > TimeSpan.Zero;
        }
        var match = Pattern().Match(text);
        if (!match.Success)
        {
            return false;
        }
        long Part(string name) => match.Groups[name].Success ? long.Parse(match.Groups[name].Value, CultureInfo.InvariantCulture) : 0;
        try
        {
            duration = TimeSpan.FromHours(Part("h")) + TimeSpan.FromMinutes(Part("m")) + TimeSpan.FromSeconds(Part("s")) + TimeSpan.FromMilliseconds(Part("ms"));
        }
        catch (Exception error) when (error is OverflowException or ArgumentOutOfRangeException or FormatException)
        {
            // Too many digits (long.Parse), or more than TimeSpan holds: TimeSpan.FromSeconds(long) and its kin throw
            // ArgumentOutOfRangeException, FromHours(double) OverflowException. Either is a parse error, never an escape.
            return false;
        }
        return duration > TimeSpan.Zero;
    }
}
