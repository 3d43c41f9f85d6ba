namespace PortalRelease.Sdk;

/// <summary>
/// A durable key-value store the host keeps for one plugin (<see cref="PluginHostContext.State"/>), in the portal's own
/// database: every node of a portal cluster sees the same keys, so state written on one node is there when another node
/// takes over its releases. Keys are scoped by the plugin's id: a plugin never sees another plugin's keys.
/// </summary>
/// <remarks>
/// <para>
/// Keys are 1 to <see cref="PluginStateLimits.MaxKeyLength"/> characters, without control characters, lone surrogates or
/// U+10FFFF; values are at most <see cref="PluginStateLimits.MaxValueBytes"/> bytes. Keys order by their UTF-8 bytes
/// (ordinal for ASCII), so fixed-width numbers in keys (<c>ledger/0000000042</c>) list in numeric order.
/// </para>
/// <para>
/// Every entry has a version: 1 when it is added, one more on every write. Compare-and-set
/// (<see cref="TrySetAsync"/>) and add-if-absent (<see cref="TryAddAsync"/>) let several nodes race on one key and exactly
/// one win. A deleted key that is added again starts at version 1.
/// </para>
/// <para>
/// A key or value out of bounds throws <see cref="ArgumentException"/>. When the database cannot be used the store throws
/// a <see cref="DriverException"/> (<see cref="DriverException.IsTransient"/> when retrying may help), so a driver may
/// let it propagate as the failure of its call.
/// </para>
/// </remarks>
public interface IPluginStateStore
{
    /// <summary>The entry under <paramref name="key"/>, or <c>null</c> when there is none.</summary>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<PluginStateEntry?> GetAsync(string key, CancellationToken cancellationToken);

    /// <summary>Writes <paramref name="value"/> under <paramref name="key"/>, whatever was there; returns the entry's new version.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value, at most <see cref="PluginStateLimits.MaxValueBytes"/> bytes.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<long> SetAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken);

    /// <summary>
    /// Adds <paramref name="key"/> only when it does not exist: what exactly-once needs. Of several nodes adding one key
    /// at once, exactly one gets version 1; the others get <c>null</c> and nothing changes.
    /// </summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value, at most <see cref="PluginStateLimits.MaxValueBytes"/> bytes.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>1 when added; <c>null</c> when the key already existed.</returns>
    Task<long?> TryAddAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken);

    /// <summary>Replaces the value only while the entry still has <paramref name="expectedVersion"/> (compare-and-set).</summary>
    /// <param name="key">The key.</param>
    /// <param name="expectedVersion">The version read before; the write fails when another write came in between.</param>
    /// <param name="value">The value, at most <see cref="PluginStateLimits.MaxValueBytes"/> bytes.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new version; <c>null</c> when the entry is gone or has another version (nothing changed).</returns>
    Task<long?> TrySetAsync(string key, long expectedVersion, ReadOnlyMemory<byte> value, CancellationToken cancellationToken);

    /// <summary>Deletes the entry; with <paramref name="expectedVersion"/>, only while it still has that version.</summary>
    /// <param name="key">The key.</param>
    /// <param name="expectedVersion"><c>null</c> to delete whatever version it has.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether an entry was deleted.</returns>
    Task<bool> DeleteAsync(string key, long? expectedVersion, CancellationToken cancellationToken);

    /// <summary>
    /// The entries whose keys start with <paramref name="prefix"/> and sort after <paramref name="after"/>, in key order,
    /// at most <paramref name="limit"/> of them. Page through many by passing the last key read as <paramref name="after"/>.
    /// </summary>
    /// <param name="prefix">The keys' common start; empty for every key of the plugin.</param>
    /// <param name="after">Only keys after this one; <c>null</c> from the first.</param>
    /// <param name="limit">1 to <see cref="PluginStateLimits.MaxListLimit"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<IReadOnlyList<PluginStateEntry>> ListAsync(string prefix, string? after, int limit, CancellationToken cancellationToken);
}
