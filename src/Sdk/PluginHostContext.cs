namespace PortalRelease.Sdk;

/// <summary>What the portal offers a plugin while it is loaded.</summary>
public sealed class PluginHostContext
{
    /// <summary>A folder private to this plugin where it may keep state across portal restarts.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>The portal's clock. Plugins use it instead of <see cref="DateTimeOffset.UtcNow"/> so tests can control time.</summary>
    public required TimeProvider Time { get; init; }

    /// <summary>
    /// The operator's rules for where this plugin's targets and metric sources may connect and which host paths and
    /// optional features they may use. Ask it before connecting to an endpoint or opening a path that a setting names.
    /// <see cref="HostPolicy.LoopbackOnly"/> unless the host sets it.
    /// </summary>
    public IHostPolicy Policy { get; init; } = HostPolicy.LoopbackOnly;
}
