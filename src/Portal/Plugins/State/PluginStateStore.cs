using System.Data.Common;
using PortalRelease.Portal.Data;
using PortalRelease.Sdk;

namespace PortalRelease.Portal.Plugins.State;

/// <summary>
/// One plugin's <see cref="IPluginStateStore"/>: every key is scoped by the plugin's id here, so a plugin can name no key
/// of another. A plugin is trusted code, but its keys and values come from what it was given (target names, settings):
/// they are checked against the SDK's bounds before anything reaches the database.
/// </summary>
internal sealed class PluginStateStore(string pluginId, PluginStateRepository repository, TimeProvider time) : IPluginStateStore
{
    public Task<PluginStateEntry?> GetAsync(string key, CancellationToken cancellationToken)
    {
        CheckKey(key, nameof(key));
        return Guard(async () => (await repository.GetAsync(pluginId, key, cancellationToken)) is { } row ? Entry(row) : null);
    }

    public Task<long> SetAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken)
    {
        CheckKey(key, nameof(key));
        CheckValue(value);
        return Guard(() => repository.SetAsync(pluginId, key, value.ToArray(), time.GetUtcNow(), cancellationToken));
    }

    public Task<long?> TryAddAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken)
    {
        CheckKey(key, nameof(key));
        CheckValue(value);
        return Guard(() => repository.TryAddAsync(pluginId, key, value.ToArray(), time.GetUtcNow(), cancellationToken));
    }

    public Task<long?> TrySetAsync(string key, long expectedVersion, ReadOnlyMemory<byte> value, CancellationToken cancellationToken)
    {
        CheckKey(key, nameof(key));
        CheckValue(value);
        return Guard(() => repository.TrySetAsync(pluginId, key, expectedVersion, value.ToArray(), time.GetUtcNow(), cancellationToken));
    }

    public Task<bool> DeleteAsync(string key, long? expectedVersion, CancellationToken cancellationToken)
    {
        CheckKey(key, nameof(key));
        return Guard(() => repository.DeleteAsync(pluginId, key, expectedVersion, cancellationToken));
    }

    public Task<IReadOnlyList<PluginStateEntry>> ListAsync(string prefix, string? after, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (prefix.Length > 0)
        {
            CheckKey(prefix, nameof(prefix));
        }
        if (after is not null)
        {
            CheckKey(after, nameof(after));
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, PluginStateLimits.MaxListLimit);
        return Guard<IReadOnlyList<PluginStateEntry>>(async () =>
            [.. (await repository.ListAsync(pluginId, prefix, after, limit, cancellationToken)).Select(Entry)]);
    }

    internal static void CheckKey(string key, string parameter)
    {
        ArgumentNullException.ThrowIfNull(key, parameter);
        if (PluginStateLimits.KeyProblem(key) is { } problem)
        {
            throw new ArgumentException($"The plugin state key {problem}.", parameter);
        }
    }

    private static void CheckValue(ReadOnlyMemory<byte> value)
    {
        if (value.Length > PluginStateLimits.MaxValueBytes)
        {
            throw new ArgumentException($"The plugin state value is {value.Length} bytes; at most {PluginStateLimits.MaxValueBytes} are allowed.", nameof(value));
        }
    }

    private static PluginStateEntry Entry(PluginStateRow row) => new() { Key = row.Key, Value = row.Value, Version = row.Version, UpdatedAt = row.UpdatedAt };

    /// <summary>The database's failures as the SDK documents them: a <see cref="DriverException"/>, without the provider's types.</summary>
    private async Task<T> Guard<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (DbException ex)
        {
            // The provider's message names the statement's problem, never a value the plugin stored.
            throw new DriverException($"The portal's plugin state store failed for plugin '{pluginId}': {ex.Message}") { IsTransient = true };
        }
        catch (TimeoutException ex)
        {
            throw new DriverException($"The portal's plugin state store did not answer for plugin '{pluginId}': {ex.Message}") { IsTransient = true };
        }
    }
}
