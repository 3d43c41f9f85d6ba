using System.Globalization;

namespace PortalRelease.Plugins.DbMigrations.Database;

internal static class Durations
{
    public static string Describe(TimeSpan span) => span.TotalSeconds >= 1 && span.Milliseconds == 0
        ? $"{span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s"
        : $"{span.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)} ms";
}
