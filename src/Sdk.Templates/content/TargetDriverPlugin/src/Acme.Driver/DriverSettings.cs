using System.Text.Json;
using PortalRelease.Sdk;

namespace Acme.Driver;

/// <summary>A target's settings. Add what your target needs (an endpoint, a namespace…) here and in <see cref="Schema"/>.</summary>
internal sealed record DriverSettings(string Environment)
{
    /// <summary>The JSON Schema the portal builds the target form from.</summary>
    public const string Schema = """
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "type": "object",
          "required": ["environment"],
          "additionalProperties": false,
          "properties": {
            "environment": { "type": "string", "minLength": 1, "description": "Which environment this target deploys to." }
          }
        }
        """;

    /// <summary>Reads the settings, adding each problem with its JSON pointer (e.g. <c>/environment</c>).</summary>
    public static DriverSettings? Read(JsonElement settings, List<SettingsError> errors)
    {
        if (settings.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new SettingsError { Path = "", Message = $"Settings must be a JSON object, not {settings.ValueKind}." });
            return null;
        }

        foreach (var property in settings.EnumerateObject().Where(p => p.Name != "environment"))
        {
            errors.Add(new SettingsError { Path = "/" + property.Name, Message = $"Unknown setting '{property.Name}'." });
        }

        if (!settings.TryGetProperty("environment", out var environment)
            || environment.ValueKind != JsonValueKind.String
            || string.IsNullOrWhiteSpace(environment.GetString()))
        {
            errors.Add(new SettingsError { Path = "/environment", Message = "Required: a non-empty string naming the environment." });
            return null;
        }

        return errors.Count == 0 ? new DriverSettings(environment.GetString()!) : null;
    }
}
