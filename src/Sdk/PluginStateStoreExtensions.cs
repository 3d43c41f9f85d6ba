using System.Text;

namespace PortalRelease.Sdk;

/// <summary>Text values for <see cref="IPluginStateStore"/>: stored as UTF-8, read back with <see cref="PluginStateEntry.GetString"/>.</summary>
public static class PluginStateStoreExtensions
{
    /// <summary>Writes <paramref name="value"/> as UTF-8 under <paramref name="key"/>; see <see cref="IPluginStateStore.SetAsync"/>.</summary>
    /// <param name="store">The plugin's store.</param>
    /// <param name="key">The key.</param>
    /// <param name="value">The text; its UTF-8 form must fit <see cref="PluginStateLimits.MaxValueBytes"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public static Task<long> SetStringAsync(this IPluginStateStore store, string key, string value, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(value);
        return store.SetAsync(key, Encoding.UTF8.GetBytes(value), cancellationToken);
    }

    /// <summary>Adds <paramref name="value"/> as UTF-8 when <paramref name="key"/> does not exist; see <see cref="IPluginStateStore.TryAddAsync"/>.</summary>
    /// <param name="store">The plugin's store.</param>
    /// <param name="key">The key.</param>
    /// <param name="value">The text; its UTF-8 form must fit <see cref="PluginStateLimits.MaxValueBytes"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public static Task<long?> TryAddStringAsync(this IPluginStateStore store, string key, string value, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(value);
        return store.TryAddAsync(key, Encoding.UTF8.GetBytes(value), cancellationToken);
    }
}
