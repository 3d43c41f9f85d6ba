using PortalRelease.Portal.Configuration;
using PortalRelease.Portal.Plugins.State;
using PortalRelease.Sdk;

namespace PortalRelease.Portal.Plugins;

/// <summary>
/// The one place the portal asks which plugins exist and which drivers and metric sources they provide.
/// Plugins are loaded at start-up (by the plugin host's hosted service, or by the first question asked, whichever
/// comes first) and reloaded folder by folder while the portal runs (<see cref="PluginFolderWatcher"/>); a broken or
/// untrusted plugin is listed with its status and reason and never stops the portal.
/// </summary>
public sealed partial class PluginCatalog(
    IPluginLoader loader, PortalPaths paths, TimeProvider time, ILogger<PluginCatalog> logger, PluginTrust trust, IHostPolicy policy, PluginStateHost? state = null)
    : IDisposable
{
    private readonly PluginActivator _activator = new(loader, paths, time, trust, policy, state);
    private readonly Lock _gate = new();
    private PluginSet? _set;
    private bool _disposed;

    /// <summary>
    /// A catalog that loads every plugin (development mode) and lets them reach loopback only: for tools and tests without
    /// an operator's configuration.
    /// </summary>
    public PluginCatalog(IPluginLoader loader, PortalPaths paths, TimeProvider time, ILogger<PluginCatalog> logger)
        : this(loader, paths, time, logger, PluginTrust.Everything, HostPolicy.LoopbackOnly)
    {
    }

    /// <summary>A catalog whose plugins may reach loopback only.</summary>
    public PluginCatalog(IPluginLoader loader, PortalPaths paths, TimeProvider time, ILogger<PluginCatalog> logger, PluginTrust trust)
        : this(loader, paths, time, logger, trust, HostPolicy.LoopbackOnly)
    {
    }

    /// <summary>Raised after the plugins changed (a folder loaded, reloaded, unloaded, or a reload deferred).</summary>
    public event Action? Changed;

    /// <summary>The folder plugins are discovered in: one sub-folder per plugin.</summary>
    public string PluginsDirectory { get; } = paths.PluginsDirectory;

    /// <summary>The operator's target policy, handed to every plugin as <see cref="PluginHostContext.Policy"/>.</summary>
    public IHostPolicy Policy { get; } = policy;

    /// <summary>Whether every plugin loads whatever its hash (the allowlist is not enforced).</summary>
    public bool DevelopmentMode => trust.DevelopmentMode;

    /// <summary>Every plugin folder found, in folder-name order, whatever its status.</summary>
    public IReadOnlyList<PluginInfo> Plugins => Current.Plugins;

    /// <summary>The target drivers of every loaded plugin.</summary>
    public IReadOnlyList<ITargetDriver> Drivers => Current.DriverList;

    /// <summary>The metric sources of every loaded plugin.</summary>
    public IReadOnlyList<IMetricSource> MetricSources => Current.SourceList;

    /// <summary>The driver for a target kind, or <c>null</c> when no loaded plugin provides it.</summary>
    public ITargetDriver? FindDriver(string kind) => Current.Drivers.GetValueOrDefault(kind);

    /// <summary>The metric source of a kind, or <c>null</c> when no loaded plugin provides it.</summary>
    public IMetricSource? FindMetricSource(string kind) => Current.Sources.GetValueOrDefault(kind);

    /// <summary>Loads the plugins directory unless that has been done already. Never throws for a bad plugin.</summary>
    public void EnsureLoaded() => _ = Current;

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _set?.DisposeAll();
            _set = PluginSet.Empty;
        }
        Changed = null;
    }

    private PluginSet Current => Volatile.Read(ref _set) ?? LoadOnce();

    private PluginSet LoadOnce()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_set is null)
            {
                Volatile.Write(ref _set, LoadAll());
            }
            return _set;
        }
    }
}
