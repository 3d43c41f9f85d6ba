using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.DbMigrations.Settings;

/// <summary>
/// Reads a target's settings into <see cref="DbSettings"/>, collecting every problem with a JSON-pointer path.
/// Validation and use share this code so they can never disagree, and both ask the operator's policy: a target saved
/// before the policy changed is refused at its next use. The connection string is a secret: the portal hands it over
/// in <see cref="TargetContext.Secrets"/>, and while validating, merged into the settings.
/// </summary>
internal static partial class DbSettingsReader
{
    public const string ConnectionStringKey = "connectionString";

    private static readonly string[] Known = ["provider", ConnectionStringKey, "migrationsPath", "lockTimeout"];

    /// <param name="settings">The target's settings.</param>
    /// <param name="secrets">The target's secrets (empty while validating: then they are in the settings).</param>
    /// <param name="policy">The operator's policy for paths and hosts.</param>
    /// <param name="errors">Collects every problem.</param>
    /// <param name="migrationsPath">The resolved migrations directory when that setting alone is usable, even if others are not.</param>
    public static DbSettings? Read(
        JsonElement settings, IReadOnlyDictionary<string, string> secrets, IHostPolicy policy, List<SettingsError> errors, out string? migrationsPath)
    {
        migrationsPath = null;
        if (settings.ValueKind != JsonValueKind.Object)
        {
            errors.Add(Error("", $"Settings must be a JSON object with provider, connectionString and migrationsPath, not {Describe(settings.ValueKind)}."));
            return null;
        }

        foreach (var property in settings.EnumerateObject().Where(p => !Known.Contains(p.Name, StringComparer.Ordinal)))
        {
            errors.Add(Error("/" + property.Name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal),
                $"Unknown property '{property.Name}'. Known properties: {string.Join(", ", Known)}."));
        }

        var provider = ReadProvider(settings, errors);
        var connection = secrets.GetValueOrDefault(ConnectionStringKey) ?? ReadString(settings, ConnectionStringKey, "a connection string", errors);
        var path = ReadString(settings, "migrationsPath", "the migrations directory", errors);
        var lockTimeout = ReadLockTimeout(settings, errors);
        migrationsPath = path is null ? null : ResolveMigrations(path, policy, errors);
        var safe = provider is { } p && connection is not null ? Rebuild(p, connection, policy, errors) : null;

        if (provider is null || safe is null || migrationsPath is null || lockTimeout is null || errors.Count > 0)
        {
            return null;
        }

        return new DbSettings { Provider = provider.Value, ConnectionString = safe, MigrationsPath = migrationsPath, LockTimeout = lockTimeout.Value };
    }

    /// <summary>Reads a target's settings for use, throwing when they are invalid (they should have been validated on save).</summary>
    public static DbSettings Parse(TargetContext target, IHostPolicy policy)
    {
        var errors = new List<SettingsError>();
        var settings = Read(target.Settings, target.Secrets, policy, errors, out _);
        if (settings is null)
        {
            var problems = string.Join("; ", errors.Select(e => $"{(e.Path.Length == 0 ? "(root)" : e.Path)}: {e.Message}"));
            throw new DriverException($"The settings of db-migrations target '{target.Name}' are invalid: {problems}");
        }

        return settings;
    }

    private static DbProvider? ReadProvider(JsonElement settings, List<SettingsError> errors)
    {
        if (!settings.TryGetProperty("provider", out var value))
        {
            errors.Add(Error("/provider", "Required: 'sqlite' or 'postgresql'."));
            return null;
        }

        switch (value.ValueKind == JsonValueKind.String ? value.GetString() : null)
        {
            case "sqlite":
                return DbProvider.Sqlite;
            case "postgresql":
                return DbProvider.PostgreSql;
            default:
                errors.Add(Error("/provider", $"Must be 'sqlite' or 'postgresql'; got {value.GetRawText()}."));
                return null;
        }
    }

    private static string? ReadString(JsonElement settings, string name, string what, List<SettingsError> errors)
    {
        if (!settings.TryGetProperty(name, out var value))
        {
            errors.Add(Error("/" + name, $"Required: {what}."));
            return null;
        }

        if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
        {
            // Never echo the value: the connection string may hold a password.
            errors.Add(Error("/" + name, $"Must be a non-empty string: {what}; got {Describe(value.ValueKind)}{(value.ValueKind == JsonValueKind.String ? " that is empty" : "")}."));
            return null;
        }

        return value.GetString();
    }

    private static TimeSpan? ReadLockTimeout(JsonElement settings, List<SettingsError> errors)
    {
        if (!settings.TryGetProperty("lockTimeout", out var value))
        {
            return DbSettings.DefaultLockTimeout;
        }

        var match = value.ValueKind == JsonValueKind.String ? DurationPattern().Match(value.GetString()!) : Match.Empty;
        if (!match.Success || !long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            errors.Add(Error("/lockTimeout", $"Must be a duration such as 500ms, 5s or 1m; got {value.GetRawText()}."));
            return null;
        }

        var timeout = match.Groups[2].Value switch
        {
            "ms" => TimeSpan.FromMilliseconds(amount),
            "s" => TimeSpan.FromSeconds(amount),
            _ => TimeSpan.FromMinutes(amount),
        };
        if (timeout <= TimeSpan.Zero || timeout > TimeSpan.FromMinutes(10))
        {
            errors.Add(Error("/lockTimeout", $"Must be more than 0 and at most 10m; got {value.GetRawText()}."));
            return null;
        }

        return timeout;
    }

    /// <summary>The migrations directory, resolved by the policy (inside the kind's root, links followed, never the data folder).</summary>
    private static string? ResolveMigrations(string path, IHostPolicy policy, List<SettingsError> errors)
    {
        if (policy.ResolvePath(DbMigrationsPlugin.Kind, path, out var fullPath) is { } refused)
        {
            errors.Add(Error("/migrationsPath", $"The migrations directory is refused: {refused}"));
            return null;
        }

        return fullPath;
    }

    private static string? Rebuild(DbProvider provider, string connection, IHostPolicy policy, List<SettingsError> errors)
    {
        try
        {
            string? error;
            var safe = provider == DbProvider.Sqlite ? ConnectionStrings.Sqlite(connection, policy, out error) : ConnectionStrings.Postgres(connection, policy, out error);
            if (error is not null)
            {
                errors.Add(Error("/" + ConnectionStringKey, Redaction.Scrub(error, connection)));
            }

            return safe;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or InvalidOperationException)
        {
            // The parser's message names the keyword it refused, never the value; scrub anyway.
            errors.Add(Error("/" + ConnectionStringKey, $"Not a valid {(provider == DbProvider.Sqlite ? "SQLite" : "PostgreSQL")} connection string: {Redaction.Scrub(ex.Message, connection)}"));
            return null;
        }
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private static SettingsError Error(string path, string message) => new() { Path = path, Message = message };

    [GeneratedRegex("^([0-9]{1,9})(ms|s|m)\\z")]
    private static partial Regex DurationPattern();
}
