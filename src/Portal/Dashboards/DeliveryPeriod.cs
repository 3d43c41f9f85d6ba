using System.Globalization;
using System.Text.RegularExpressions;

namespace PortalRelease.Portal.Dashboards;

/// <summary>
/// The time window of a dashboard: <c>7d</c>, <c>30d</c>, <c>90d</c> (ending now), <c>quarter</c> (the current
/// calendar quarter so far) or a named quarter such as <c>2026-Q3</c>. Windows are [From, To) in UTC.
/// </summary>
public sealed partial record DeliveryPeriod(string Name, DateTimeOffset From, DateTimeOffset To)
{
    public const string Default = "30d";

    public static IReadOnlyList<string> Named { get; } = ["7d", "30d", "90d", "quarter"];

    [GeneratedRegex(@"^(\d{4})-Q([1-4])\z", RegexOptions.IgnoreCase)]
    private static partial Regex QuarterPattern();

    public double Days => (To - From).TotalDays;

    /// <summary>Parses a period name; on failure <paramref name="error"/> says what is accepted.</summary>
    public static DeliveryPeriod? Parse(string? text, DateTimeOffset now, out string? error)
    {
        error = null;
        var name = string.IsNullOrWhiteSpace(text) ? Default : text.Trim();
        switch (name.ToLowerInvariant())
        {
            case "7d":
                return new DeliveryPeriod("7d", now.AddDays(-7), now);
            case "30d":
                return new DeliveryPeriod("30d", now.AddDays(-30), now);
            case "90d":
                return new DeliveryPeriod("90d", now.AddDays(-90), now);
            case "quarter":
                return new DeliveryPeriod("quarter", QuarterStart(now.UtcDateTime.Year, (now.UtcDateTime.Month - 1) / 3 + 1), now);
            default:
                break;
        }
        var match = QuarterPattern().Match(name);
        if (match.Success)
        {
            var year = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            var quarter = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
            var from = QuarterStart(year, quarter);
            if (year >= 2000 && from <= now)
            {
                var end = from.AddMonths(3);
                return new DeliveryPeriod($"{year}-Q{quarter}", from, end < now ? end : now);
            }
            error = $"'period' {name} has not started yet (or is before 2000).";
            return null;
        }
        error = $"'period' must be one of 7d, 30d, 90d, quarter or a quarter like 2026-Q3; got '{text}'.";
        return null;
    }

    private static DateTimeOffset QuarterStart(int year, int quarter) =>
        year is < 1 or > 9998 ? DateTimeOffset.MinValue : new DateTimeOffset(year, (quarter - 1) * 3 + 1, 1, 0, 0, 0, TimeSpan.Zero);
}
