using System.Data.Common;
using PortalRelease.Portal.Data;
using PortalRelease.Sdk;

namespace PortalRelease.Portal.Plugins.State;

/// <summary>One plugin's <see cref="IPluginLockProvider"/>: lock names are scoped by the plugin's id, so two plugins never share a lock.</summary>
internal sealed class PluginLockProvider(string pluginId, PluginStateRepository repository) : IPluginLockProvider
{
    public async Task<IAsyncDisposable> AcquireAsync(string name, TimeSpan timeout, CancellationToken cancellationToken)
    {
        PluginStateStore.CheckKey(name, nameof(name));
        ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.Zero);
        try
        {
            return await repository.LockAsync(pluginId, name, timeout, cancellationToken);
        }
        catch (DbException ex)
        {
            throw new DriverException($"The portal could not take the lock '{name}' of plugin '{pluginId}': {ex.Message}") { IsTransient = true };
        }
    }
}
