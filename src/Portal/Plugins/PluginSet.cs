using PortalRelease.Sdk;

namespace PortalRelease.Portal.Plugins;

/// <summary>
/// One immutable view of the plugins directory. The catalog swaps whole sets, so a reader never sees a plugin half
/// registered; a reload builds a new set that keeps the outcomes (and load contexts) of the folders it did not touch.
/// </summary>
internal sealed class PluginSet(
    IReadOnlyList<PluginLoadOutcome> outcomes,
    IReadOnlyDictionary<string, ITargetDriver> drivers,
    IReadOnlyDictionary<string, IMetricSource> sources)
{
    public static PluginSet Empty { get; } = new([], new Dictionary<string, ITargetDriver>(), new Dictionary<string, IMetricSource>());

    /// <summary>One outcome per folder, in folder-name order.</summary>
    public IReadOnlyList<PluginLoadOutcome> Outcomes { get; } = outcomes;

    public IReadOnlyList<PluginInfo> Plugins { get; } = [.. outcomes.Select(o => o.Info)];

    public IReadOnlyDictionary<string, ITargetDriver> Drivers { get; } = drivers;

    public IReadOnlyDictionary<string, IMetricSource> Sources { get; } = sources;

    public IReadOnlyList<ITargetDriver> DriverList { get; } = [.. drivers.Values];

    public IReadOnlyList<IMetricSource> SourceList { get; } = [.. sources.Values];

    /// <summary>The same code with one folder's description changed (a pending note); no context is loaded or unloaded.</summary>
    public PluginSet WithInfo(string folder, Func<PluginInfo, PluginInfo> change) =>
        new([.. Outcomes.Select(o => o.Info.Folder == folder ? o with { Info = change(o.Info) } : o)], Drivers, Sources);

    /// <summary>Unloads every plugin of this set: only for the set the catalog holds last.</summary>
    public void DisposeAll()
    {
        foreach (var outcome in Outcomes)
        {
            outcome.Handle?.Dispose();
        }
    }
}
