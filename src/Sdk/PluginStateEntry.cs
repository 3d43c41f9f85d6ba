using System.Text;

namespace PortalRelease.Sdk;

/// <summary>One entry of a plugin's <see cref="IPluginStateStore"/>.</summary>
public sealed class PluginStateEntry
{
    /// <summary>The key, without the plugin's scope.</summary>
    public required string Key { get; init; }

    /// <summary>The value as written.</summary>
    public required ReadOnlyMemory<byte> Value { get; init; }

    /// <summary>1 when the entry was added, one more on every write; what <see cref="IPluginStateStore.TrySetAsync"/> compares.</summary>
    public required long Version { get; init; }

    /// <summary>When the entry was last written, by the host's clock.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The value read as UTF-8 text (as the string overloads of <see cref="PluginStateStoreExtensions"/> write it).</summary>
    public string GetString() => Encoding.UTF8.GetString(Value.Span);
}
