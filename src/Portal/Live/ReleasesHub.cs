using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.SignalR;
using PortalRelease.Portal.Releases.Journal;

namespace PortalRelease.Portal.Live;

/// <summary>
/// <c>/hubs/releases</c>: streams a release's journal to outside clients. A client that reconnects calls
/// <see cref="Events"/> again with the last sequence number it saw and misses nothing.
/// </summary>
public sealed class ReleasesHub(ReleaseFeed feed) : Hub
{
    public async IAsyncEnumerable<JournalEventDto> Events(string releaseId, long afterSeq, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var journalEvent in feed.ReadAsync(releaseId, afterSeq, cancellationToken))
        {
            yield return JournalEventDto.From(journalEvent);
        }
    }
}
