using System.Globalization;

namespace PortalRelease.Portal.Gates;

/// <summary>What a calendar says about one moment: open, or closed with why and when it opens next.</summary>
public sealed record CalendarCheck(bool IsOpen, string? Reason, DateTimeOffset? OpensAt)
{
    public static CalendarCheck Open { get; } = new(true, null, null);
}

public sealed record DeploymentWindow(IReadOnlySet<DayOfWeek> Days, TimeSpan From, TimeSpan To);

public sealed record DeploymentFreeze(DateTimeOffset From, DateTimeOffset To, string Reason);

/// <summary>One environment's parsed calendar. Immutable; <see cref="Check"/> is pure.</summary>
public sealed class DeploymentCalendar(string environment, TimeZoneInfo zone, IReadOnlyList<DeploymentWindow> windows, IReadOnlyList<DeploymentFreeze> freezes)
{
    /// <summary>How the reason of a wait for the next window starts; the opening time follows.</summary>
    public const string WaitingPrefix = "waiting for window: opens ";

    public string Environment { get; } = environment;

    public TimeZoneInfo Zone { get; } = zone;

    public IReadOnlyList<DeploymentWindow> Windows { get; } = windows;

    public IReadOnlyList<DeploymentFreeze> Freezes { get; } = freezes;

    public CalendarCheck Check(DateTimeOffset now)
    {
        if (FreezeAt(now) is { } freeze)
        {
            var opens = NextOpening(freeze.To);
            return new CalendarCheck(false, $"frozen until {Show(freeze.To, now)}: {freeze.Reason}", opens);
        }
        if (InWindow(now))
        {
            return CalendarCheck.Open;
        }
        var next = NextOpening(now);
        return new CalendarCheck(false, next is { } at ? WaitingPrefix + Show(at, now) : "no deployment window ever opens", next);
    }

    /// <summary>The first moment at or after <paramref name="from"/> inside a window and outside every freeze; null if none within a year.</summary>
    public DateTimeOffset? NextOpening(DateTimeOffset from)
    {
        var at = from;
        for (var i = 0; i < 1000 && at < from.AddDays(366); i++)
        {
            if (FreezeAt(at) is { } freeze)
            {
                at = freeze.To;
                continue;
            }
            if (InWindow(at))
            {
                return at;
            }
            if (NextWindowStart(at) is not { } start)
            {
                return null;
            }
            at = start;
        }
        return null;
    }

    /// <summary>A moment as the calendar's people read it: <c>Mon 09:00 Europe/Berlin</c> within a week, else with the date.</summary>
    public string Show(DateTimeOffset at, DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(at, Zone);
        var format = at - now < TimeSpan.FromDays(6) ? "ddd HH:mm" : "ddd yyyy-MM-dd HH:mm";
        return $"{local.ToString(format, CultureInfo.InvariantCulture)} {Zone.Id}";
    }

    private DeploymentFreeze? FreezeAt(DateTimeOffset at) =>
        Freezes.Where(f => f.From <= at && at < f.To).OrderByDescending(f => f.To).FirstOrDefault();

    private bool InWindow(DateTimeOffset at)
    {
        if (Windows.Count == 0)
        {
            return true;
        }
        var local = TimeZoneInfo.ConvertTime(at, Zone);
        return Windows.Any(w => w.Days.Contains(local.DayOfWeek) && local.TimeOfDay >= w.From && local.TimeOfDay < w.To);
    }

    private DateTimeOffset? NextWindowStart(DateTimeOffset after)
    {
        var local = TimeZoneInfo.ConvertTime(after, Zone);
        DateTimeOffset? best = null;
        for (var day = 0; day <= 7; day++)
        {
            var date = local.Date.AddDays(day);
            foreach (var window in Windows.Where(w => w.Days.Contains(date.DayOfWeek)))
            {
                var start = ToInstant(date + window.From);
                if (start > after && (best is null || start < best))
                {
                    best = start;
                }
            }
        }
        return best;
    }

    private DateTimeOffset ToInstant(DateTime local)
    {
        // A start inside a spring-forward gap does not exist: the window opens when the clocks jump.
        while (Zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(15);
        }
        return new DateTimeOffset(local, Zone.GetUtcOffset(local));
    }
}
