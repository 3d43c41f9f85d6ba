using System.Globalization;

namespace PortalRelease.Portal.Data;

/// <summary>Timestamps are stored as round-trip ISO-8601 text in UTC, which sorts correctly as text.</summary>
public static class DbTime
{
    public static string Format(DateTimeOffset value) => value.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture);

    public static DateTimeOffset Parse(string value) => DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
