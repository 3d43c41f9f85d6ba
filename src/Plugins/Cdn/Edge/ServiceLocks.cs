using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Cdn.Edge;

/// <summary>
/// One call at a time per Fastly service: a call reads the versions, decides, then clones, so two interleaved calls (a
/// re-issued key while the first is in flight, here or on another portal node that adopted the release) would both clone.
/// Fastly has no compare-and-swap. In this process a semaphore per service; across the nodes of a cluster, when the host
/// offers locks, also the host's lock <c>service/&lt;sha256 of API URL and service id&gt;</c>.
/// </summary>
internal sealed class ServiceLocks(IPluginLockProvider? hostLocks = null)
{
    /// <summary>How long a call waits for another node's call on the same service (the portal's own call timeout cuts it shorter).</summary>
    public static readonly TimeSpan ClusterTimeout = TimeSpan.FromMinutes(2);

    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);

    public async Task<IAsyncDisposable> AcquireAsync(string key, CancellationToken cancellationToken)
    {
        var gate = _locks.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        if (hostLocks is null)
        {
            return new Release(gate, null);
        }
        try
        {
            // Hashed: the key holds a URL, which may be longer than a lock name or hold characters one may not.
            var name = "service/" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
            return new Release(gate, await hostLocks.AcquireAsync(name, ClusterTimeout, cancellationToken));
        }
        catch (TimeoutException ex)
        {
            gate.Release();
            throw new DriverException($"Another portal node is still changing this Fastly service: {ex.Message}") { IsTransient = true };
        }
        catch
        {
            gate.Release();
            throw;
        }
    }

    private sealed class Release(SemaphoreSlim gate, IAsyncDisposable? clusterLock) : IAsyncDisposable
    {
        private int _released;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                try
                {
                    if (clusterLock is not null)
                    {
                        await clusterLock.DisposeAsync();
                    }
                }
                finally
                {
                    gate.Release();
                }
            }
        }
    }
}
