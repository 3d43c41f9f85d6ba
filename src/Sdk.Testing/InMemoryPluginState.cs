using System.Collections.Concurrent;

namespace PortalRelease.Sdk.Testing;

/// <summary>
/// The host's <see cref="IPluginStateStore"/> and <see cref="IPluginLockProvider"/> in memory, with the portal's rules
/// (bounds, versions, add-if-absent, compare-and-set, byte-ordered listings, named locks with a timeout). Give one instance
/// to several plugin instances (<see cref="TestPluginHost"/> with <c>state</c>) to test what two portal nodes sharing one
/// database do: a key applied on one is known on the other.
/// </summary>
public sealed class InMemoryPluginState : IPluginStateStore, IPluginLockProvider
{
    private readonly SortedDictionary<string, PluginStateEntry> _entries = new(Utf8Order.Instance);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    /// <summary>Creates an empty store.</summary>
    /// <param name="time">The clock for <see cref="PluginStateEntry.UpdatedAt"/>; the system clock when omitted.</param>
    public InMemoryPluginState(TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public Task<PluginStateEntry?> GetAsync(string key, CancellationToken cancellationToken)
    {
        CheckKey(key);
        lock (_entries)
        {
            return Task.FromResult(_entries.GetValueOrDefault(key));
        }
    }

    /// <inheritdoc />
    public Task<long> SetAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken)
    {
        CheckKey(key);
        CheckValue(value);
        lock (_entries)
        {
            var version = (_entries.GetValueOrDefault(key)?.Version ?? 0) + 1;
            _entries[key] = Entry(key, value, version);
            return Task.FromResult(version);
        }
    }

    /// <inheritdoc />
    public Task<long?> TryAddAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken)
    {
        CheckKey(key);
        CheckValue(value);
        lock (_entries)
        {
            return Task.FromResult<long?>(_entries.TryAdd(key, Entry(key, value, 1)) ? 1 : null);
        }
    }

    /// <inheritdoc />
    public Task<long?> TrySetAsync(string key, long expectedVersion, ReadOnlyMemory<byte> value, CancellationToken cancellationToken)
    {
        CheckKey(key);
        CheckValue(value);
        lock (_entries)
        {
            if (_entries.GetValueOrDefault(key)?.Version != expectedVersion)
            {
                return Task.FromResult<long?>(null);
            }
            _entries[key] = Entry(key, value, expectedVersion + 1);
            return Task.FromResult<long?>(expectedVersion + 1);
        }
    }

    /// <inheritdoc />
    public Task<bool> DeleteAsync(string key, long? expectedVersion, CancellationToken cancellationToken)
    {
        CheckKey(key);
        lock (_entries)
        {
            var found = _entries.GetValueOrDefault(key);
            return Task.FromResult(found is not null && (expectedVersion is null || found.Version == expectedVersion) && _entries.Remove(key));
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<PluginStateEntry>> ListAsync(string prefix, string? after, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, PluginStateLimits.MaxListLimit);
        lock (_entries)
        {
            IReadOnlyList<PluginStateEntry> page = [.. _entries.Values
                .Where(e => e.Key.StartsWith(prefix, StringComparison.Ordinal) && (after is null || Utf8Order.Instance.Compare(e.Key, after) > 0))
                .Take(limit)];
            return Task.FromResult(page);
        }
    }

    /// <inheritdoc />
    public async Task<IAsyncDisposable> AcquireAsync(string name, TimeSpan timeout, CancellationToken cancellationToken)
    {
        CheckKey(name);
        var gate = _locks.GetOrAdd(name, _ => new SemaphoreSlim(1, 1));
        if (!await gate.WaitAsync(timeout, cancellationToken))
        {
            throw new TimeoutException($"The lock '{name}' was still held after {timeout.TotalSeconds:0.###} s.");
        }
        return new Held(gate);
    }

    private PluginStateEntry Entry(string key, ReadOnlyMemory<byte> value, long version) =>
        new() { Key = key, Value = value.ToArray(), Version = version, UpdatedAt = _time.GetUtcNow() };

    private static void CheckKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (PluginStateLimits.KeyProblem(key) is { } problem)
        {
            throw new ArgumentException($"The plugin state key {problem}.", nameof(key));
        }
    }

    private static void CheckValue(ReadOnlyMemory<byte> value)
    {
        if (value.Length > PluginStateLimits.MaxValueBytes)
        {
            throw new ArgumentException($"The plugin state value is {value.Length} bytes; at most {PluginStateLimits.MaxValueBytes} are allowed.", nameof(value));
        }
    }

    private sealed class Held(SemaphoreSlim gate) : IAsyncDisposable
    {
        private int _released;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>The portal's key order: by UTF-8 bytes (SQLite BINARY, PostgreSQL COLLATE "C").</summary>
    private sealed class Utf8Order : IComparer<string>
    {
        public static Utf8Order Instance { get; } = new();

        public int Compare(string? x, string? y) =>
            System.Text.Encoding.UTF8.GetBytes(x ?? "").AsSpan().SequenceCompareTo(System.Text.Encoding.UTF8.GetBytes(y ?? ""));
    }
}
