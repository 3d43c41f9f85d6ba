using System.Net;
using System.Text.Json;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Cdn.Settings;

/// <summary>
/// Reads a Fastly target's settings, collecting every problem with a JSON-pointer path. Validation and use share
/// this code so they can never disagree. The API token is a secret: the portal hands it over in
/// <see cref="TargetContext.Secrets"/>, and merges it into the settings only while validating them.
/// </summary>
internal static class FastlySettingsReader
{
    public const string ApiTokenKey = "apiToken";

    private static readonly string[] KnownProperties =
    [
        "serviceId", ApiTokenKey, "originHostTemplate", "originPort", "originTls", "stageFirst", "purge", "surrogateKey", "apiUrl",
        "timeoutSeconds", "maxRetries",
    ];

    /// <summary>Reads the settings; returns <c>null</c> when <paramref name="errors"/> received anything.</summary>
    public static FastlySettings? Read(JsonElement settings, IReadOnlyDictionary<string, string>? secrets, List<SettingsError> errors)
    {
        if (settings.ValueKind != JsonValueKind.Object)
        {
            errors.Add(Error("", $"Settings must be a JSON object with serviceId, apiToken and originHostTemplate, not {Describe(settings.ValueKind)}."));
            return null;
        }

        var before = errors.Count;
        CheckProperties(settings, errors);
        var serviceId = ReadServiceId(settings, errors);
        var token = ReadToken(settings, secrets, errors);
        var template = ReadTemplate(settings, errors);
        var port = ReadInteger(settings, "originPort", 443, 1, 65535, errors);
        var tls = ReadBoolean(settings, "originTls", true, errors);
        var stageFirst = ReadBoolean(settings, "stageFirst", false, errors);
        var purge = ReadPurge(settings, errors);
        var surrogateKey = ReadSurrogateKey(settings, purge, errors);
        var apiUrl = ReadApiUrl(settings, errors);
        var timeout = ReadTimeout(settings, errors);
        var retries = ReadInteger(settings, "maxRetries", 3, 0, 10, errors);
        if (errors.Count > before || serviceId is null || token is null || template is null || apiUrl is null)
        {
            return null;
        }

        return new FastlySettings
        {
            ServiceId = serviceId,
            ApiToken = token,
            OriginHostTemplate = template,
            OriginPort = port,
            OriginTls = tls,
            StageFirst = stageFirst,
            Purge = purge,
            SurrogateKey = surrogateKey,
            ApiUrl = apiUrl,
            Timeout = timeout,
            MaxRetries = retries,
        };
    }

    /// <summary>Reads a target's settings for a call, throwing one message that lists every problem.</summary>
    public static FastlySettings Parse(TargetContext target)
    {
        var errors = new List<SettingsError>();
        var settings = Read(target.Settings, target.Secrets, errors);
        if (settings is null)
        {
            var problems = string.Join("; ", errors.Select(e => $"{(e.Path.Length == 0 ? "(root)" : e.Path)}: {e.Message}"));
            throw new DriverException($"The settings of Fastly target '{target.Name}' are invalid: {problems}");
        }

        return settings;
    }

    private static string? ReadServiceId(JsonElement settings, List<SettingsError> errors)
    {
        var text = ReadRequiredString(settings, "serviceId", "the Fastly service ID, e.g. SU1Z0isxPaozGVKXdv0eY", errors);
        if (text is not null && !text.All(char.IsAsciiLetterOrDigit))
        {
            errors.Add(Error("/serviceId", "Must hold only letters and digits, as Fastly service IDs do."));
            return null;
        }

        return text;
    }

    // The token's value never appears in a message: only where it is missing or malformed.
    private static string? ReadToken(JsonElement settings, IReadOnlyDictionary<string, string>? secrets, List<SettingsError> errors)
    {
        string? token = null;
        if (secrets is not null && secrets.TryGetValue(ApiTokenKey, out var secret))
        {
            token = secret;
        }
        else if (settings.TryGetProperty(ApiTokenKey, out var value))
        {
            if (value.ValueKind != JsonValueKind.String)
            {
                errors.Add(Error("/" + ApiTokenKey, $"Must be a string, not {Describe(value.ValueKind)}."));
                return null;
            }

            token = value.GetString();
        }

        if (string.IsNullOrWhiteSpace(token))
        {
            errors.Add(Error("/" + ApiTokenKey, "Required: a Fastly API token (sent as Fastly-Key)."));
            return null;
        }

        if (token.Any(c => char.IsControl(c) || c == ' '))
        {
            errors.Add(Error("/" + ApiTokenKey, "Must not contain spaces or control characters."));
            return null;
        }

        return token;
    }

    private static string? ReadTemplate(JsonElement settings, List<SettingsError> errors)
    {
        var text = ReadRequiredString(settings, "originHostTemplate", "a host name with {version}, e.g. app-{version}.origin.example.com", errors);
        if (text is null)
        {
            return null;
        }

        if (!text.Contains(FastlySettings.VersionPlaceholder, StringComparison.Ordinal))
        {
            errors.Add(Error("/originHostTemplate", "Must contain {version}, e.g. app-{version}.origin.example.com: each version is served by its own origin."));
            return null;
        }

        var probe = new FastlySettings { ServiceId = "x", ApiToken = "x", OriginHostTemplate = text };
        try
        {
            probe.OriginHost("1-0-0");
        }
        catch (DriverException)
        {
            errors.Add(Error("/originHostTemplate", $"'{text.Replace(FastlySettings.VersionPlaceholder, "1-0-0", StringComparison.Ordinal)}' is not a valid host name: use letters, digits, dots and dashes around {{version}}."));
            return null;
        }

        return text;
    }

    private static PurgeMode ReadPurge(JsonElement settings, List<SettingsError> errors)
    {
        if (!settings.TryGetProperty("purge", out var value))
        {
            return PurgeMode.None;
        }

        switch (value.ValueKind == JsonValueKind.String ? value.GetString() : null)
        {
            case "none":
                return PurgeMode.None;
            case "all":
                return PurgeMode.All;
            case "surrogate-key":
                return PurgeMode.SurrogateKey;
            default:
                errors.Add(Error("/purge", $"Must be one of none, all, surrogate-key; got {value.GetRawText()}."));
                return PurgeMode.None;
        }
    }

    private static string? ReadSurrogateKey(JsonElement settings, PurgeMode purge, List<SettingsError> errors)
    {
        if (!settings.TryGetProperty("surrogateKey", out var value))
        {
            if (purge == PurgeMode.SurrogateKey)
            {
                errors.Add(Error("/surrogateKey", "Required when purge is surrogate-key: the key to purge after a stable change."));
            }

            return null;
        }

        if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()) || value.GetString()!.Any(c => char.IsControl(c) || c == ' '))
        {
            errors.Add(Error("/surrogateKey", "Must be one surrogate key: a non-empty string without spaces."));
            return null;
        }

        return value.GetString();
    }

    private static Uri? ReadApiUrl(JsonElement settings, List<SettingsError> errors)
    {
        if (!settings.TryGetProperty("apiUrl", out var value))
        {
            return FastlySettings.DefaultApiUrl;
        }

        const string path = "/apiUrl";
        if (value.ValueKind != JsonValueKind.String || !Uri.TryCreate(value.GetString(), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            errors.Add(Error(path, "Must be an absolute https URL such as https://api.fastly.com/."));
            return null;
        }

        if (url.UserInfo.Length > 0 || url.Query.Length > 0 || url.Fragment.Length > 0)
        {
            errors.Add(Error(path, "Must be the API's base address without credentials, query string or fragment."));
            return null;
        }

        // The token travels in a header: never in clear text over a network.
        if (url.Scheme == "http" && !(url.IsLoopback || (IPAddress.TryParse(url.Host, out var ip) && IPAddress.IsLoopback(ip))))
        {
            errors.Add(Error(path, "Must use https: plain http is accepted only on loopback, where tests run a fake API."));
            return null;
        }

        return url.AbsolutePath.EndsWith('/') ? url : new Uri(url + "/");
    }

    private static TimeSpan ReadTimeout(JsonElement settings, List<SettingsError> errors)
    {
        if (!settings.TryGetProperty("timeoutSeconds", out var value))
        {
            return TimeSpan.FromSeconds(30);
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var seconds) || !double.IsFinite(seconds) || seconds <= 0 || seconds > 300)
        {
            errors.Add(Error("/timeoutSeconds", $"Must be a number of seconds greater than 0 and at most 300; got {value.GetRawText()}."));
            return TimeSpan.FromSeconds(30);
        }

        return TimeSpan.FromSeconds(seconds);
    }

    private static string? ReadRequiredString(JsonElement settings, string name, string example, List<SettingsError> errors)
    {
        if (!settings.TryGetProperty(name, out var value))
        {
            errors.Add(Error("/" + name, $"Required: {example}."));
            return null;
        }

        if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
        {
            errors.Add(Error("/" + name, $"Must be a non-empty string: {example}."));
            return null;
        }

        return value.GetString()!.Trim();
    }

    private static int ReadInteger(JsonElement settings, string name, int defaultValue, int min, int max, List<SettingsError> errors)
    {
        if (!settings.TryGetProperty(name, out var value))
        {
            return defaultValue;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var number) || number < min || number > max)
        {
            errors.Add(Error("/" + name, $"Must be a whole number from {min} to {max}; got {value.GetRawText()}."));
            return defaultValue;
        }

        return number;
    }

    private static bool ReadBoolean(JsonElement settings, string name, bool defaultValue, List<SettingsError> errors)
    {
        if (!settings.TryGetProperty(name, out var value))
        {
            return defaultValue;
        }

        if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            errors.Add(Error("/" + name, $"Must be true or false, not {Describe(value.ValueKind)}."));
            return defaultValue;
        }

        return value.GetBoolean();
    }

    private static void CheckProperties(JsonElement settings, List<SettingsError> errors)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in settings.EnumerateObject())
        {
            var path = "/" + property.Name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
            if (!KnownProperties.Contains(property.Name, StringComparer.Ordinal))
            {
                errors.Add(Error(path, $"Unknown property '{property.Name}'. Known properties: {string.Join(", ", KnownProperties)}."));
            }
            else if (!seen.Add(property.Name))
            {
                errors.Add(Error(path, $"Property '{property.Name}' appears more than once."));
            }
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
}
