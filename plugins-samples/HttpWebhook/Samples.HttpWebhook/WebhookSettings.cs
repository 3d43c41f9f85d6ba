using System.Text.Json;
using PortalRelease.Sdk;

namespace Samples.HttpWebhook;

/// <summary>A webhook target's settings: where to POST and GET, and how long to wait.</summary>
internal sealed record WebhookSettings(Uri Url, double TimeoutSeconds)
{
    public const double DefaultTimeoutSeconds = 30;

    public const string Schema = """
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "type": "object",
          "required": ["url"],
          "additionalProperties": false,
          "properties": {
            "url": { "type": "string", "format": "uri", "x-portal-destination": true, "description": "Deployments are POSTed here; GET returns the target's status. Changing it requires sending the token again." },
            "timeoutSeconds": { "type": "number", "exclusiveMinimum": 0, "maximum": 300, "default": 30, "description": "How long one call may take." },
            "token": { "type": "string", "writeOnly": true, "description": "Sent as 'Authorization: Bearer <token>' when set." }
          }
        }
        """;

    private static readonly string[] Known = ["url", "timeoutSeconds", "token"];

    /// <summary>Reads the settings, adding every problem to <paramref name="errors"/> with its JSON pointer.</summary>
    public static WebhookSettings? Read(JsonElement settings, List<SettingsError> errors)
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

        Uri? url = null;
        if (!settings.TryGetProperty("url", out var urlValue))
        {
            errors.Add(new SettingsError { Path = "/url", Message = "Required: the http(s) URL deployments are POSTed to." });
        }
        else if (urlValue.ValueKind != JsonValueKind.String
                 || !Uri.TryCreate(urlValue.GetString(), UriKind.Absolute, out url)
                 || url.Scheme is not ("http" or "https"))
        {
            errors.Add(new SettingsError { Path = "/url", Message = "Must be an absolute http or https URL, e.g. 'https://deploy.example.com/hooks/app'." });
            url = null;
        }

        var timeout = DefaultTimeoutSeconds;
        if (settings.TryGetProperty("timeoutSeconds", out var timeoutValue)
            && (timeoutValue.ValueKind != JsonValueKind.Number || !timeoutValue.TryGetDouble(out timeout) || timeout <= 0 || timeout > 300))
        {
            errors.Add(new SettingsError { Path = "/timeoutSeconds", Message = "Must be a number of seconds greater than 0 and at most 300." });
        }

        return url is null ? null : new WebhookSettings(url, timeout);
    }

    /// <summary>Reads the settings for a call, throwing a <see cref="DriverException"/> naming every problem.</summary>
    public static WebhookSettings Parse(TargetContext target)
    {
        var errors = new List<SettingsError>();
        var settings = Read(target.Settings, errors);
        if (settings is null || errors.Count > 0)
        {
            throw new DriverException(
                $"The settings of webhook target '{target.Name}' are invalid: {string.Join("; ", errors.Select(e => $"{(e.Path.Length == 0 ? "(root)" : e.Path)}: {e.Message}"))}");
        }

        return settings;
    }
}
