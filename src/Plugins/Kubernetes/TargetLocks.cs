using System.Collections.Concurrent;

namespace PortalRelease.Plugins.Kubernetes;

/// <summary>
/// One call at a time per workload within this portal process, so concurrent calls with one idempotency key apply
/// it once. Across processes the workload's resourceVersion guards each write (409 re-reads).
/// </summary>
internal sealed class TargetLocks
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
