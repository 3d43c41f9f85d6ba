using System.Globalization;

namespace PortalRelease.Portal.Gates;

/// <summary>Reads <see cref="CalendarOptions"/> into a <see cref="DeploymentCalendar"/>, naming the setting of every mistake.</summary>
public static class CalendarParser
{
    private static readonly string[] DayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

    public static DeploymentCalendar? Parse(string environment, CalendarOptions options, List<string> errors)
    {
        var at = $"Portal:Calendars:{environment}";
        var before = errors.Count;
        TimeZoneInfo? zone = null;
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(options.TimeZone ?? "", out zone))
        {
            errors.Add($"{at}:TimeZone '{options.TimeZone}' is not a known time zone; use an IANA name such as Europe/Berlin or UTC.");
        }
        var windows = new List<DeploymentWindow>();
        for (var i = 0; i < options.Windows.Count; i++)
        {
            if (ParseWindow(options.Windows[i], $"{at}:Windows:{i}", errors) is { } window)
            {
                windows.Add(window);
            }
        }
        var freezes = new List<DeploymentFreeze>();
        for (var i = 0; i < options.Freezes.Count; i++)
        {
            if (zone is not null && ParseFreeze(options.Freezes[i], zone, $"{at}:Freezes:{i}", errors) is { } freeze)
            {
                freezes.Add(freeze);
            }
        }
        return errors.Count == before && zone is not null ? new DeploymentCalendar(environment, zone, windows, freezes) : null;
    }

    private static DeploymentWindow? ParseWindow(WindowOptions window, string at, List<string> errors)
    {
        var days = ParseDays(window.Days, out var dayError);
        if (dayError is not null)
        {
            errors.Add($"{at}:Days {dayError}");
        }
        var from = ParseTime(window.From, $"{at}:From", errors);
        var to = ParseTime(window.To, $"{at}:To", errors);
        if (from is { } f && to is { } t && f >= t)
        {
            errors.Add($"{at}: From ({window.From}) must be before To ({window.To}); split a window across midnight into two.");
            return null;
        }
        return days is null || from is null || to is null ? null : new DeploymentWindow(days, from.Value, to.Value);
    }

    /// <summary><c>Mon-Fri</c>, <c>Sat,Sun</c>, <c>Mon-Wed,Fri</c> or <c>daily</c>.</summary>
    private static HashSet<DayOfWeek>? ParseDays(string? text, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "must name days such as Mon-Fri, Sat,Sun or daily.";
            return null;
        }
        if (text.Trim().Equals("daily", StringComparison.OrdinalIgnoreCase))
        {
            return [.. Enum.GetValues<DayOfWeek>()];
        }
        var days = new HashSet<DayOfWeek>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var range = part.Split('-', StringSplitOptions.TrimEntries);
            if (range.Length is < 1 or > 2 || range.Select(Day).Any(d => d is null))
            {
                error = $"'{text}' is not a list of days: use Mon, Tue, Wed, Thu, Fri, Sat, Sun, ranges like Mon-Fri, or daily.";
                return null;
            }
            var first = (int)Day(range[0])!;
            var last = (int)Day(range[^1])!;
            for (var d = first; ; d = (d + 1) % 7)
            {
                days.Add((DayOfWeek)d);
                if (d == last)
                {
                    break;
                }
            }
        }
        return days;
    }

    private static DayOfWeek? Day(string name)
    {
        var index = Array.FindIndex(DayNames, d => d.Equals(name, StringComparison.OrdinalIgnoreCase));
        return index < 0 ? null : (DayOfWeek)index;
    }

    private static TimeSpan? ParseTime(string? text, string at, List<string> errors)
    {
        if (text == "24:00")
        {
            return TimeSpan.FromHours(24);
        }
        if (TimeSpan.TryParseExact(text, @"hh\:mm", CultureInfo.InvariantCulture, out var time) && time < TimeSpan.FromHours(24))
        {
            return time;
        }
        errors.Add($"{at} '{text}' is not a time of day: use HH:mm such as 09:00 (24:00 for midnight at the end).");
        return null;
    }

    private static DeploymentFreeze? ParseFreeze(FreezeOptions freeze, TimeZoneInfo zone, string at, List<string> errors)
    {
        var from = ParseMoment(freeze.From, zone, $"{at}:From", errors);
        var to = ParseMoment(freeze.To, zone, $"{at}:To", errors);
        if (string.IsNullOrWhiteSpace(freeze.Reason))
        {
            errors.Add($"{at}:Reason is required: people waiting on the freeze see it.");
            return null;
        }
        if (from is { } f && to is { } t && f >= t)
        {
            errors.Add($"{at}: From ({freeze.From}) must be before To ({freeze.To}).");
            return null;
        }
        return from is null || to is null ? null : new DeploymentFreeze(from.Value, to.Value, freeze.Reason.Trim());
    }

    private static DateTimeOffset? ParseMoment(string? text, TimeZoneInfo zone, string at, List<string> errors)
    {
        var value = text?.Trim() ?? "";
        var hasOffset = value.EndsWith('Z') || System.Text.RegularExpressions.Regex.IsMatch(value, @"[+-]\d\d:\d\d\z");
        if (hasOffset && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var exact))
        {
            return exact;
        }
        if (!hasOffset && DateTime.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            return new DateTimeOffset(local, zone.GetUtcOffset(local));
        }
        errors.Add($"{at} '{text}' is not a date-time: use ISO 8601 such as 2026-12-20T00:00 (read in the calendar's time zone) or 2026-12-20T00:00:00+01:00.");
        return null;
    }
}
