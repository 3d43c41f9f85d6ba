using System.Text.Json;
using System.Text.RegularExpressions;
using PortalRelease.Sdk;

namespace Samples.NginxUpstream;

/// <summary>
/// An nginx target: the file to write, the upstream's name, its two servers and, when the operator enables reloading,
/// nginx's pid file. Both paths are resolved through the operator's policy (<see cref="IHostPolicy.ResolvePath"/>), so
/// they hold the resolved paths inside <c>Portal:TargetPolicy:Kinds:nginx-upstream:Root</c>, never the settings' text.
/// </summary>
internal sealed partial record NginxSettings(string ConfigPath, string Upstream, string StableServer, string CanaryServer, string? PidPath)
{
    /// <summary>The optional feature the operator enables to let targets signal nginx to reload.</summary>
    public const string ReloadFeature = "reload";

    public const string Schema = """
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "type": "object",
          "required": ["configPath", "upstream", "stableServer", "canaryServer"],
          "additionalProperties": false,
          "properties": {
            "configPath": { "type": "string", "description": "The file holding the upstream block, inside the folder the operator allows (Portal:TargetPolicy:Kinds:nginx-upstream:Root), e.g. conf.d/app-upstream.conf." },
            "upstream": { "type": "string", "pattern": "^[A-Za-z0-9_.-]+$", "description": "The upstream's name, as proxy_pass refers to it." },
            "stableServer": { "type": "string", "description": "host:port of the servers running the stable version." },
            "canaryServer": { "type": "string", "description": "host:port of the servers running the canary version." },
            "pidPath": { "type": "string", "description": "nginx's pid file (its 'pid' directive), inside the allowed folder: the master named there is sent SIGHUP after each change. Only when the operator enables the 'reload' feature." }
          }
        }
        """;

    private static readonly string[] Known = ["configPath", "upstream", "stableServer", "canaryServer", "pidPath"];

    private static string FeatureKey => $"Portal:TargetPolicy:Kinds:{NginxUpstreamPlugin.Kind}:Features";

    public static NginxSettings? Read(JsonElement settings, IHostPolicy policy, List<SettingsError> errors)
    {
        if (settings.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new SettingsError { Path = "", Message = $"Settings must be a JSON object, not {settings.ValueKind}." });
            return null;
        }

        foreach (var property in settings.EnumerateObject().Where(p => !Known.Contains(p.Name)))
        {
            errors.Add(new SettingsError { Path = "/" + property.Name, Message = Unknown(property.Name) });
        }

        var configPath = HostPath(settings, "configPath", policy, errors);

        var upstream = RequiredText(settings, "upstream", "an nginx upstream name", errors);
        if (upstream is not null && !UpstreamName().IsMatch(upstream))
        {
            errors.Add(new SettingsError { Path = "/upstream", Message = $"'{upstream}' is not an upstream name: use letters, digits, '_', '.' and '-'." });
        }

        var stable = Server(settings, "stableServer", errors);
        var canary = Server(settings, "canaryServer", errors);

        string? pidPath = null;
        if (settings.TryGetProperty("pidPath", out _))
        {
            if (policy.IsEnabled(NginxUpstreamPlugin.Kind, ReloadFeature))
            {
                pidPath = HostPath(settings, "pidPath", policy, errors);
            }
            else
            {
                errors.Add(new SettingsError { Path = "/pidPath", Message = $"Reloading nginx is not enabled here: the operator enables it by adding '{ReloadFeature}' to {FeatureKey}." });
            }
        }

        return errors.Count == 0 ? new NginxSettings(configPath!, upstream!, stable!, canary!, pidPath) : null;
    }

    public static NginxSettings Parse(TargetContext target, IHostPolicy policy)
    {
        var errors = new List<SettingsError>();
        return Read(target.Settings, policy, errors) ?? throw new DriverException(
            $"The settings of nginx target '{target.Name}' are invalid: {string.Join("; ", errors.Select(e => $"{(e.Path.Length == 0 ? "(root)" : e.Path)}: {e.Message}"))}");
    }

    // A setting that once ran a program is named, so a target saved before says what replaced it.
    private static string Unknown(string name) => name is "reloadCommand" or "reloadTimeoutSeconds"
        ? $"'{name}' is no longer a setting: a target's settings may not run a program. The operator enables reloading by adding '{ReloadFeature}' to {FeatureKey}; then set pidPath to nginx's pid file."
        : $"Unknown setting '{name}'; known: {string.Join(", ", Known)}.";

    private static string? HostPath(JsonElement settings, string name, IHostPolicy policy, List<SettingsError> errors)
    {
        var text = RequiredText(settings, name, "a file path inside the folder the operator allows", errors);
        if (text is null)
        {
            return null;
        }

        if (policy.ResolvePath(NginxUpstreamPlugin.Kind, text, out var fullPath) is { } reason)
        {
            errors.Add(new SettingsError { Path = "/" + name, Message = reason });
            return null;
        }

        return fullPath;
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

    [GeneratedRegex("^[A-Za-z0-9_.-]+\\z")]
    private static partial Regex UpstreamName();

    [GeneratedRegex(@"^(\[[0-9A-Fa-f:]+\]|[A-Za-z0-9_.-]+):[0-9]{1,5}\z")]
    private static partial Regex ServerAddress();
}
