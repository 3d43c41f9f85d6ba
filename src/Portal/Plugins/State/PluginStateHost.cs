using PortalRelease.Portal.Data;
using PortalRelease.Sdk;

namespace PortalRelease.Portal.Plugins.State;

/// <summary>Hands each plugin its own state store and lock provider, scoped by its id, over the portal's database.</summary>
public sealed class PluginStateHost(PluginStateRepository repository, TimeProvider time)
{
    public IPluginStateStore StoreFor(string pluginId) => new PluginStateStore(pluginId, repository, time);

    public IPluginLockProvider LocksFor(string pluginId) => new PluginLockProvider(pluginId, repository);
}
