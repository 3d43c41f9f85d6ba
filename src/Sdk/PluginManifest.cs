using System.Text.Json.Serialization;

namespace PortalRelease.Sdk;

/// <summary>
/// The shape of <c>plugin.json</c>, the manifest every plugin folder carries beside its assembly.
/// The portal reads it before loading any code, so an incompatible plugin is refused without being executed.
/// </summary>
public sealed class PluginManifest
{
    /// <summary>The file name the portal looks for in each plugin folder.</summary>
    public const string FileName = "plugin.json";

    /// <summary>A stable identifier, lower-case with dashes, e.g. <c>sandbox</c>.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>The plugin's own semantic version.</summary>
    [JsonPropertyName("version")]
    public required string Version { get; init; }

    /// <summary>The SDK ABI the plugin was built against; see <see cref="SdkAbi.Version"/>.</summary>
    [JsonPropertyName("abiVersion")]
    public required int AbiVersion { get; init; }

    /// <summary>The file name of the plugin's main assembly, relative to the plugin folder.</summary>
    [JsonPropertyName("assembly")]
    public required string Assembly { get; init; }

    /// <summary>A one-line description shown on the Plugins page.</summary>
    [JsonPropertyName("description")]
    public string? Description { get; init; }

    /// <summary>The target kinds the plugin provides drivers for.</summary>
    [JsonPropertyName("targetKinds")]
    public IReadOnlyList<string> TargetKinds { get; init; } = [];

    /// <summary>The metric source kinds the plugin provides.</summary>
    [JsonPropertyName("metricKinds")]
    public IReadOnlyList<string> MetricKinds { get; init; } = [];
}
