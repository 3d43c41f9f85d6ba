using System.Text.Json;
using System.Text.RegularExpressions;
using PortalRelease.Sdk;

namespace Samples.NginxUpstream;

/// <summary>An nginx target: the file to write, the upstream's name, its two servers and how to reload.</summary>
internal sealed partial record NginxSettings(string ConfigPath, string Upstream, string StableServer, string CanaryServer, IReadOnlyList<string> ReloadCommand, double ReloadTimeoutSeconds)
{
    public const string Schema = """
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "type": "object",
          "required": ["configPath", "upstream", "stableServer", "canaryServer"],
          "additionalProperties": false,
          "properties": {
            "configPath": { "type": "string", "description": "Absolute path of the file holding the upstream block, e.g. /etc/nginx/conf.d/app-upstream.conf." },
            "upstream": { "type": "string", "pattern": "^[A-Za-z0-9_.-]+$", "description": "The upstream's name, as proxy_pass refers to it." },
            "stableServer": { "type": "string", "description": "host:port of the servers running the stable version." },
            "canaryServer": { "type": "string", "description": "host:port of the servers running the canary version." },
            "reloadCommand": { "type": "array", "items": { "type": "string" }, "description": "Run after writing, e.g. [\"nginx\",\"-s\",\"reload\"]; '{config}' is replaced by configPath." },
            "reloadTimeoutSeconds": { "type": "number", "exclusiveMinimum": 0, "maximum": 300, "default": 30 }
          }
        }
        """;

    private static readonly string[] Known = ["configPath", "upstream", "stableServer", "canaryServer", "reloadCommand", "reloadTimeoutSeconds"];

    public static NginxSettings? Read(JsonElement settings, List<SettingsError> errors)
    {
        if (settings.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new SettingsError { Path = "", Message = $"Settings must be a JSON object, not {settings.ValueKind}." });
            return null;
        }

        foreach (var property in settings.EnumerateObject().Where(p => !Known.Contains(p.Name)))
        {
            errors.Add(new SettingsError { Path = "/" + property.Name, Message = $"Unknown setting '{property.Name}'; known: {string.Join(", ", Known)}." });
        }

        var configPath = RequiredText(settings, "configPath", "an absolute file path", errors);
        if (configPath is not null && !Path.IsPathFullyQualified(configPath))
        {
            errors.Add(new SettingsError { Path = "/configPath", Message = $"'{configPath}' is not an absolute path." });
        }

        var upstream = RequiredText(settings, "upstream", "an nginx upstream name", errors);
        if (upstream is not null && !UpstreamName().IsMatch(upstream))
        {
            errors.Add(new SettingsError { Path = "/upstream", Message = $"'{upstream}' is not an upstream name: use letters, digits, '_', '.' and '-'." });
        }

        var stable = Server(settings, "stableServer", errors);
        var canary = Server(settings, "canaryServer", errors);
        var reload = ReadReloadCommand(settings, errors);

        var timeout = 30d;
        if (settings.TryGetProperty("reloadTimeoutSeconds", out var t)
            && (t.ValueKind != JsonValueKind.Number || !t.TryGetDouble(out timeout) || timeout <= 0 || timeout > 300))
        {
            errors.Add(new SettingsError { Path = "/reloadTimeoutSeconds", Message = "Must be a number of seconds greater than 0 and at most 300." });
        }

        return errors.Count == 0 ? new NginxSettings(configPath!, upstream!, stable!, canary!, reload, timeout) : null;
    }

    public static NginxSettings Parse(TargetContext target)
    {
        var errors = new List<SettingsError>();
        return Read(target.Settings, errors) ?? throw new DriverException(
            $"The settings of nginx target '{target.Name}' are invalid: {string.Join("; ", errors.Select(e => $"{(e.Path.Length == 0 ? "(root)" : e.Path)}: {e.Message}"))}");
    }

    private static string? RequiredText(JsonElement settings, string name, string what, List<SettingsError> errors)
    {
        if (!settings.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
        {
            errors.Add(new SettingsError { Path = "/" + name, Message = $"Required: {what}." });
            return null;
        }

        return value.GetString();
    }

    private static string? Server(JsonElement settings, string name, List<SettingsError> errors)
    {
        var server = RequiredText(settings, name, "a server as host:port, e.g. '10.0.0.5:8080'", errors);
        if (server is not null && !ServerAddress().IsMatch(server))
        {
            errors.Add(new SettingsError { Path = "/" + name, Message = $"'{server}' is not host:port (e.g. '10.0.0.5:8080' or 'app-canary:80')." });
            return null;
        }

        return server;
    }

    private static List<string> ReadReloadCommand(JsonElement settings, List<SettingsError> errors)
    {
        if (!settings.TryGetProperty("reloadCommand", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0)
        {
            errors.Add(new SettingsError { Path = "/reloadCommand", Message = "Must be a non-empty array: the program and its arguments, e.g. [\"nginx\",\"-s\",\"reload\"]." });
            return [];
        }

        var command = new List<string>();
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(item.GetString()))
            {
                errors.Add(new SettingsError { Path = $"/reloadCommand/{index}", Message = "Must be a non-empty string." });
            }
            else
            {
                command.Add(item.GetString()!);
            }

            index++;
        }

        return command;
    }

    [GeneratedRegex("^[A-Za-z0-9_.-]+\\z")]
    private static partial Regex UpstreamName();

    [GeneratedRegex(@"^(\[[0-9A-Fa-f:]+\]|[A-Za-z0-9_.-]+):[0-9]{1,5}\z")]
    private static partial Regex ServerAddress();
}
