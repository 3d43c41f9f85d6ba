namespace PortalRelease.Portal.Data.Migration;

/// <summary>A table or column name as a quoted SQL identifier (the same quoting on SQLite and PostgreSQL).</summary>
internal static class Identifier
{
    public static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
