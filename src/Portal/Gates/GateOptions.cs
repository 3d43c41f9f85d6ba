namespace PortalRelease.Portal.Gates;

/// <summary>
/// The gate settings of the <c>Portal</c> section: when each environment may be deployed to (<c>Portal:Calendars</c>).
/// Who may approve is access: the approver role (<c>Portal:Access:Grants</c>) and the group a gate names.
/// </summary>
public sealed class GateOptions
{
    /// <summary>Environment name → its deployment calendar; an environment without one is always open.</summary>
    public Dictionary<string, CalendarOptions> Calendars { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>When one environment may be deployed to: inside any window, and never during a freeze.</summary>
public sealed class CalendarOptions
{
    /// <summary>An IANA time zone such as <c>Europe/Berlin</c>; windows are read in it.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>Allowed windows; none means any time outside a freeze.</summary>
    public List<WindowOptions> Windows { get; set; } = [];

    public List<FreezeOptions> Freezes { get; set; } = [];
}

/// <summary>A weekly window: <c>Days</c> like <c>Mon-Fri</c> or <c>Tue,Thu</c>, from <c>From</c> to <c>To</c> (HH:mm, To may be 24:00).</summary>
public sealed class WindowOptions
{
    public string Days { get; set; } = "Mon-Fri";

    public string From { get; set; } = "09:00";

    public string To { get; set; } = "17:00";
}

/// <summary>No deployments from <c>From</c> to <c>To</c> (ISO 8601 date-times; without an offset they are in the calendar's time zone).</summary>
public sealed class FreezeOptions
{
    public string From { get; set; } = "";

    public string To { get; set; } = "";

    public string Reason { get; set; } = "";
}
