using PortalRelease.Sdk;

namespace PortalRelease.Portal.Plugins;

/// <summary>What loading one plugin folder produced; only a loaded plugin carries code and contributions.</summary>
internal sealed record PluginLoadOutcome(
    PluginInfo Info,
    ILoadedPlugin? Handle,
    IReadOnlyList<ITargetDriver> Drivers,
    IReadOnlyList<IMetricSource> Sources)
{
    public static PluginLoadOutcome NotLoaded(PluginInfo info) => new(info, null, [], []);
}
