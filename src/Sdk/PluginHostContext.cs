namespace PortalRelease.Sdk;

/// <summary>What the portal offers a plugin while it is loaded.</summary>
public sealed class PluginHostContext
{
    /// <summary>A folder private to this plugin where it may keep state across portal restarts.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>The portal's clock. Plugins use it instead of <see cref="DateTimeOffset.UtcNow"/> so tests can control time.</summary>
    public required TimeProvider Time { get; init; }
}
