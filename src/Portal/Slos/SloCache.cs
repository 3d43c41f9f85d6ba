using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Slos;

/// <summary>
/// Measurements of SLOs reused for <see cref="SloOptions.CacheFor"/>, per service, SLO definition and targets. Callers
/// arriving while a measurement runs wait for that one rather than starting their own, so a page open in ten browsers
/// costs one query of each window.
/// </summary>
public sealed class SloCache(SloEvaluator evaluator, IOptions<SloOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<Key, Entry<SloStatus>> _statuses = new();
    private readonly ConcurrentDictionary<Key, Entry<IReadOnlyList<SloPoint>>> _histories = new();

    /// <summary>The SLO's status, measured at most <see cref="SloOptions.CacheFor"/> ago.</summary>
    public Task<SloStatus> StatusAsync(string service, SloDefinition slo, IReadOnlyList<string> targets, CancellationToken cancellationToken) =>
        GetAsync(_statuses, new Key(service, slo, string.Join('\n', targets)), now => evaluator.EvaluateAsync(service, slo, targets, now, CancellationToken.None), cancellationToken);

    /// <summary>The SLO's history (see <see cref="SloHistoryBuilder"/>), measured at most <see cref="SloOptions.CacheFor"/> ago.</summary>
    public Task<IReadOnlyList<SloPoint>> HistoryAsync(SloDefinition slo, IReadOnlyList<string> targets, CancellationToken cancellationToken) =>
        GetAsync(_histories, new Key("", slo, string.Join('\n', targets)), now => SloHistoryBuilder.BuildAsync(evaluator, slo, targets, now, CancellationToken.None), cancellationToken);

    private async Task<T> GetAsync<T>(ConcurrentDictionary<Key, Entry<T>> entries, Key key, Func<DateTimeOffset, Task<T>> measure, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var lifetime = options.Value.CacheFor;
        if (lifetime <= TimeSpan.Zero)
        {
            return await measure(now).WaitAsync(cancellationToken);
        }
        while (true)
        {
            if (entries.TryGetValue(key, out var entry) && now - entry.At < lifetime && !entry.Failed)
            {
                // A measurement is shared: one caller giving up must not cancel it for the others.
                return await entry.Measurement.Value.WaitAsync(cancellationToken);
            }
            // Lazy: only the caller whose entry is stored starts measuring.
            var fresh = new Entry<T>(now, new Lazy<Task<T>>(() => measure(now)));
            if (entry is null ? entries.TryAdd(key, fresh) : entries.TryUpdate(key, fresh, entry))
            {
                Prune(entries, now, lifetime);
                return await fresh.Measurement.Value.WaitAsync(cancellationToken);
            }
        }
    }

    /// <summary>Drops measurements of SLOs nobody asked about for a while (an edited template leaves its old definition behind).</summary>
    private static void Prune<T>(ConcurrentDictionary<Key, Entry<T>> entries, DateTimeOffset now, TimeSpan lifetime)
    {
        foreach (var (key, entry) in entries)
        {
            if (now - entry.At > lifetime * 10)
            {
                entries.TryRemove(new KeyValuePair<Key, Entry<T>>(key, entry));
            }
        }
    }

    private sealed record Key(string Service, SloDefinition Slo, string Targets);

    private sealed record Entry<T>(DateTimeOffset At, Lazy<Task<T>> Measurement)
    {
        /// <summary>An exception is not an answer worth keeping (a source's error message is: it comes back as a status).</summary>
        public bool Failed => Measurement.IsValueCreated && (Measurement.Value.IsFaulted || Measurement.Value.IsCanceled);
    }
}
