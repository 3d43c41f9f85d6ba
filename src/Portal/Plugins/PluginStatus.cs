using System.Text.Json.Serialization;

namespace PortalRelease.Portal.Plugins;

/// <summary>What became of a plugin folder at load.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PluginStatus>))]
public enum PluginStatus
{
    /// <summary>The plugin's drivers and metric sources are available.</summary>
    Loaded = 0,

    /// <summary>Built for another SDK ABI; refused without loading its code.</summary>
    Incompatible = 1,

    /// <summary>Could not be used; the reason says why. None of its contributions are registered.</summary>
    Failed = 2,

    /// <summary>Its folder hash is not on the operator's allowlist; refused without loading its code.</summary>
    Untrusted = 3,
}
