using PortalRelease.Portal.Audit;

namespace PortalRelease.Portal.Releases.Journal;

/// <summary>One journal row as the writer inserts it: the event, its time and data as the text stored (and hashed).</summary>
internal readonly record struct PendingRow(JournalEvent Event, string At, string Data);

/// <summary>
/// The hash chain over one batch of journal rows, in insertion order. SHA-256 is most of what the chain costs the writer,
/// and only the link to the previous row is serial: so while the writer inserts row i, a helper on the thread pool hashes
/// the rows after it. Either side hashes the next row when the other has not: the writer never waits for the helper,
/// both compute the same bytes, and the first to publish a row's hash wins, so a race costs one hash, never a wrong one.
/// </summary>
internal sealed class BatchChain : IThreadPoolWorkItem
{
    /// <summary>Below this many rows a helper costs more to schedule than it hashes.</summary>
    internal const int HelperThreshold = 64;

    private readonly byte[] _start;
    private readonly PendingRow[] _rows;
    private readonly byte[]?[] _hashes;
    private readonly CanonicalHasher _writerHasher;
    private readonly SpareHasher _spare;
    private volatile bool _stopped;

    private BatchChain(byte[] start, PendingRow[] rows, CanonicalHasher writerHasher, SpareHasher spare)
    {
        _start = start;
        _rows = rows;
        _hashes = new byte[]?[rows.Length];
        _writerHasher = writerHasher;
        _spare = spare;
    }

    /// <summary>
    /// Chains <paramref name="rows"/> to <paramref name="start"/> (the newest committed row's hash). <paramref name="writerHasher"/>
    /// is the writer's own; the helper takes <paramref name="spare"/>'s, so the two never share one.
    /// </summary>
    public static BatchChain Start(byte[] start, PendingRow[] rows, CanonicalHasher writerHasher, SpareHasher spare)
    {
        var chain = new BatchChain(start, rows, writerHasher, spare);
        if (rows.Length >= HelperThreshold)
        {
            ThreadPool.UnsafeQueueUserWorkItem(chain, preferLocal: false);
        }
        return chain;
    }

    /// <summary>The hash of the batch's last row: the chain's head once the batch is committed.</summary>
    public byte[] Head => _rows.Length == 0 ? _start : Link(_rows.Length - 1).Hash;

    /// <summary>Row <paramref name="index"/>'s previous hash and its own; the writer asks for rows in order.</summary>
    public (byte[] Previous, byte[] Hash) Link(int index)
    {
        var previous = index == 0 ? _start : Volatile.Read(ref _hashes[index - 1])!;
        return (previous, Volatile.Read(ref _hashes[index]) ?? Compute(_writerHasher, index, previous));
    }

    /// <summary>Tells the helper to stop: the batch is written, or failed.</summary>
    public void Stop() => _stopped = true;

    void IThreadPoolWorkItem.Execute()
    {
        var hasher = _spare.Take();
        try
        {
            var previous = _start;
            for (var index = 0; index < _rows.Length && !_stopped; index++)
            {
                // Where the writer got here first, follow its hash and go on from there.
                previous = Volatile.Read(ref _hashes[index]) ?? Compute(hasher, index, previous);
            }
        }
        catch (Exception)
        {
            // Nothing to report: the writer hashes whatever rows the helper did not.
        }
        finally
        {
            _spare.Return(hasher);
        }
    }

    private byte[] Compute(CanonicalHasher hasher, int index, byte[] previous)
    {
        var row = _rows[index];
        var hash = new byte[CanonicalHasher.HashSize];
        ChainContent.Journal(hasher, previous, row.Event.ReleaseId, row.Event.Seq, row.At, row.Event.Type, row.Event.Actor, row.Data, row.Event.ActorName, hash);
        return Interlocked.CompareExchange(ref _hashes[index], hash, null) ?? hash;
    }
}

/// <summary>The helper's hasher, kept between batches: a SHA-256 context is worth reusing, and one helper runs at a time.</summary>
internal sealed class SpareHasher : IDisposable
{
    private CanonicalHasher? _hasher;

    public CanonicalHasher Take() => Interlocked.Exchange(ref _hasher, null) ?? new CanonicalHasher();

    public void Return(CanonicalHasher hasher)
    {
        if (Interlocked.CompareExchange(ref _hasher, hasher, null) is not null)
        {
            hasher.Dispose();
        }
    }

    public void Dispose() => Interlocked.Exchange(ref _hasher, null)?.Dispose();
}
