using System.Globalization;

namespace PortalRelease.Portal.Components.Model;

/// <summary>"12s ago", "5 min ago", "3 h ago", then a date: short enough for a table cell.</summary>
public static class RelativeTime
{
    public static string Format(DateTimeOffset at, DateTimeOffset now)
    {
        var age = now - at;
        return age switch
        {
            { TotalSeconds: < 5 } => "just now",
            { TotalMinutes: < 1 } => $"{(int)age.TotalSeconds}s ago",
            { TotalHours: < 1 } => $"{(int)age.TotalMinutes} min ago",
            { TotalDays: < 1 } => $"{(int)age.TotalHours} h ago",
            { TotalDays: < 7 } => $"{(int)age.TotalDays} d ago",
            _ => Absolute(at),
        };
    }

    public static string Absolute(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    public static string Clock(DateTimeOffset at) => at.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture);
}
