using System.Collections.Concurrent;

namespace PortalRelease.Plugins.Cdn.Edge;

/// <summary>
/// One call at a time per Fastly service inside this portal: a call reads the versions, decides, then clones, so two
/// interleaved calls (a re-issued key while the first is in flight) would both clone. Fastly has no compare-and-swap.
/// </summary>
internal sealed class ServiceLocks
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);

    public async Task<IDisposable> AcquireAsync(string key, CancellationToken cancellationToken)
    {
        var gate = _locks.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        return new Release(gate);
    }

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
