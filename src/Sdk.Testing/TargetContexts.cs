using System.Text.Json;

namespace PortalRelease.Sdk.Testing;

/// <summary>Builds <see cref="TargetContext"/>s the way the portal hands them to drivers.</summary>
public static class TargetContexts
{
    /// <summary>Creates a target whose settings are parsed from a JSON string.</summary>
    /// <param name="name">The operator's name for the target.</param>
    /// <param name="kind">The driver kind.</param>
    /// <param name="settingsJson">The settings object as JSON, e.g. <c>{"url":"http://127.0.0.1:8080/"}</c>.</param>
    /// <exception cref="ArgumentException">The JSON does not parse; the message says where.</exception>
    public static TargetContext FromJson(string name, string kind, string settingsJson = "{}")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        return new TargetContext { Name = name, Kind = kind, Settings = ParseSettings(settingsJson) };
    }

    /// <summary>Parses settings JSON into a <see cref="JsonElement"/> that outlives its document.</summary>
    /// <param name="settingsJson">The JSON text.</param>
    /// <exception cref="ArgumentException">The JSON does not parse; the message says where.</exception>
    public static JsonElement ParseSettings(string settingsJson)
    {
        ArgumentNullException.ThrowIfNull(settingsJson);
        try
        {
            using var document = JsonDocument.Parse(settingsJson);
            return document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"The settings JSON is not valid at line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}: {ex.Message}", nameof(settingsJson), ex);
        }
    }
}
