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

    /// <summary>
    /// A durable key-value store private to this plugin, shared by every node of a portal cluster: keep here what another
    /// node must know after it takes over this node's releases (applied idempotency keys, a fleet's state). <c>null</c> on
    /// hosts older than this SDK (a plugin built against this SDK and loaded by such a host gets <c>null</c>): fall back to
    /// files under <see cref="DataDirectory"/> then.
    /// </summary>
    public IPluginStateStore? State { get; init; }

    /// <summary>
    /// Named locks private to this plugin, held across every node of a portal cluster. <c>null</c> on hosts older than this
    /// SDK: fall back to an in-process lock then.
    /// </summary>
    public IPluginLockProvider? Locks { get; init; }
}
