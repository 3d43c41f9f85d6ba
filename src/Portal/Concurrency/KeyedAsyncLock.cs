namespace PortalRelease.Portal.Concurrency;

/// <summary>
/// One async lock per key, in this process. A key's semaphore lives only while someone holds or waits for it, so a map
/// keyed by user-chosen names (targets, plugin lock names) does not grow for ever.
/// </summary>
public sealed class KeyedAsyncLock
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>Waits up to <paramref name="timeout"/> for <paramref name="key"/>; <see cref="TimeoutException"/> when still held by then.</summary>
    public async Task<IAsyncDisposable> AcquireAsync(string key, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Entry entry;
        lock (_entries)
        {
            if (!_entries.TryGetValue(key, out entry!))
            {
                entry = new Entry();
                _entries[key] = entry;
            }
            entry.Users++;
        }
        var taken = false;
        try
        {
            taken = await entry.Gate.WaitAsync(timeout, cancellationToken);
        }
        finally
        {
            if (!taken)
            {
                Leave(key, entry);
            }
        }
        return taken ? new Held(this, key, entry) : throw new TimeoutException($"The lock '{key}' was still held after {timeout.TotalSeconds:0.###} s.");
    }

    private void Leave(string key, Entry entry)
    {
        lock (_entries)
        {
            if (--entry.Users == 0)
            {
                _entries.Remove(key);
            }
        }
    }

    private sealed class Entry
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public int Users { get; set; }
    }

    private sealed class Held(KeyedAsyncLock owner, string key, Entry entry) : IAsyncDisposable
    {
        private int _released;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                entry.Gate.Release();
                owner.Leave(key, entry);
            }
            return ValueTask.CompletedTask;
        }
    }
}
