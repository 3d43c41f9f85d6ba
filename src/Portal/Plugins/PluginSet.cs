using PortalRelease.Sdk;

namespace PortalRelease.Portal.Plugins;

/// <summary>
/// One immutable result of loading the plugins directory. The catalog swaps whole sets, so a reader never
/// sees a plugin half registered, and a later reload can replace the set in one step.
/// </summary>
internal sealed class PluginSet(
    IReadOnlyList<PluginInfo> plugins,
    IReadOnlyDictionary<string, ITargetDriver> drivers,
    IReadOnlyDictionary<string, IMetricSource> sources,
    IReadOnlyList<ILoadedPlugin> handles) : IDisposable
{
    public static PluginSet Empty { get; } = new([], new Dictionary<string, ITargetDriver>(), new Dictionary<string, IMetricSource>(), []);

    public IReadOnlyList<PluginInfo> Plugins { get; } = plugins;

    public IReadOnlyDictionary<string, ITargetDriver> Drivers { get; } = drivers;

    public IReadOnlyDictionary<string, IMetricSource> Sources { get; } = sources;

    public IReadOnlyList<ITargetDriver> DriverList { get; } = [.. drivers.Values];

    public IReadOnlyList<IMetricSource> SourceList { get; } = [.. sources.Values];

    public void Dispose()
    {
        foreach (var handle in handles)
        {
            handle.Dispose();
        }
    }
}
