using Microsoft.Extensions.Options;
using PortalRelease.Portal.Configuration;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Plugins;
using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Portal.Targets;

namespace PortalRelease.Portal.Releases.Engine;

/// <summary>What every release runner needs, resolved once.</summary>
public sealed class EngineServices(
    JournalWriter writer,
    JournalRepository journal,
    ReleaseRepository releases,
    TargetRepository targets,
    TargetContexts targetContexts,
    PluginCatalog plugins,
    TimeProvider time,
    IOptions<PortalOptions> options,
    ILoggerFactory loggers,
    DriverCall driverCalls,
    TargetLocks locks,
    Gates.GateConfig gates,
    Gates.QuarantineService quarantine,
    Slos.ErrorBudgetFreeze errorBudget,
    Cluster.ReleaseOwnership ownership,
    Live.ReleaseEventStream stream)
{
    /// <summary>The committed events this node has seen: a runner reads the journal only when its release got one it lacks.</summary>
    public Live.ReleaseEventStream Stream { get; } = stream;

    /// <summary>Which releases this node drives, and whether it may still act for one.</summary>
    public Cluster.ReleaseOwnership Ownership { get; } = ownership;

    /// <summary>Whether a service's spent error budget freezes a release (measured through the SLO cache).</summary>
    public Slos.ErrorBudgetFreeze ErrorBudget { get; } = errorBudget;

    /// <summary>Role members and deployment calendars.</summary>
    public Gates.GateConfig Gates { get; } = gates;

    /// <summary>Versions that must not be deployed or rolled back to.</summary>
    public Gates.QuarantineService Quarantine { get; } = quarantine;

    /// <summary>Driver calls with timeouts, retries and a circuit breaker per target.</summary>
    public DriverCall DriverCalls { get; } = driverCalls;

    /// <summary>One release at a time per target.</summary>
    public TargetLocks Locks { get; } = locks;

    public JournalWriter Writer { get; } = writer;
    public JournalRepository Journal { get; } = journal;
    public ReleaseRepository Releases { get; } = releases;
    public TargetRepository Targets { get; } = targets;
    public TargetContexts TargetContexts { get; } = targetContexts;
    public PluginCatalog Plugins { get; } = plugins;
    public TimeProvider Time { get; } = time;
    public EngineOptions Options { get; } = options.Value.Engine;
    public ILoggerFactory Loggers { get; } = loggers;
}
