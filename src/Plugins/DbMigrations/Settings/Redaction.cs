using System.Data.Common;

namespace PortalRelease.Plugins.DbMigrations.Settings;

/// <summary>Keeps connection strings and passwords out of every message the driver produces.</summary>
internal static class Redaction
{
    public const string Mask = "***";

    private static readonly string[] SecretKeys = ["password", "pwd"];

    public static string Scrub(string message, string connectionString)
    {
        var secrets = new List<string> { connectionString };
        try
        {
            var builder = new DbConnectionStringBuilder { ConnectionString = connectionString };
            foreach (var key in SecretKeys)
            {
                if (builder.TryGetValue(key, out var value) && value?.ToString() is { Length: > 0 } text)
                {
                    secrets.Add(text);
                }
            }
        }
        catch (ArgumentException)
        {
            // Not parseable: the whole string is still scrubbed.
        }

        foreach (var secret in secrets.Where(s => s.Length > 0).OrderByDescending(s => s.Length))
        {
            message = message.Replace(secret, Mask, StringComparison.Ordinal);
        }

        return message;
    }
}
