using System.Runtime.CompilerServices;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Releases.Journal;

namespace PortalRelease.Portal.Live;

/// <summary>
/// A release's events after a given sequence number: first what the journal already holds, then live ones,
/// without gap or repeat. Subscribing before reading the journal closes the window in which an event could be
/// committed between the two.
/// </summary>
public sealed class ReleaseFeed(ReleaseEventStream stream, JournalRepository journal)
{
    public async IAsyncEnumerable<JournalEvent> ReadAsync(string releaseId, long afterSeq, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var subscription = stream.Subscribe(releaseId);
        var last = afterSeq;
        foreach (var past in await journal.ReadAsync(releaseId, afterSeq, cancellationToken))
        {
            last = past.Seq;
            yield return past;
        }
        await foreach (var live in subscription.Reader.ReadAllAsync(cancellationToken))
        {
            if (live.Seq <= last)
            {
                continue;
            }
            if (live.Seq > last + 1)
            {
                // Defensive: should an event ever be skipped, fill the gap from the journal.
                foreach (var missed in await journal.ReadAsync(releaseId, last, cancellationToken))
                {
                    if (missed.Seq >= live.Seq)
                    {
                        break;
                    }
                    last = missed.Seq;
                    yield return missed;
                }
            }
            last = live.Seq;
            yield return live;
        }
    }
}
