using System.Collections.Concurrent;
using System.Threading.Channels;
using PortalRelease.Portal.Releases.Journal;

namespace PortalRelease.Portal.Live;

/// <summary>
/// The one in-process stream of committed journal events. The journal writer publishes after each commit, in
/// sequence order per release; pages and the SignalR hub subscribe. A subscriber that needs history reads the
/// journal first and de-duplicates by sequence number (see <see cref="ReleaseFeed"/>).
/// </summary>
public sealed class ReleaseEventStream
{
    private readonly ConcurrentDictionary<long, Subscription> _subscriptions = new();
    private long _nextId;

    /// <summary>Subscribes to the events of one release, or of every release when <paramref name="releaseId"/> is null.</summary>
    public Subscription Subscribe(string? releaseId = null)
    {
        var id = Interlocked.Increment(ref _nextId);
        var subscription = new Subscription(this, id, releaseId);
        _subscriptions[id] = subscription;
        return subscription;
    }

    public void Publish(IReadOnlyList<JournalEvent> events)
    {
        if (events.Count == 0 || _subscriptions.IsEmpty)
        {
            return;
        }
        foreach (var subscription in _subscriptions.Values)
        {
            foreach (var journalEvent in events)
            {
                if (subscription.ReleaseId is null || subscription.ReleaseId == journalEvent.ReleaseId)
                {
                    subscription.Writer.TryWrite(journalEvent);
                }
            }
        }
    }

    public sealed class Subscription : IDisposable
    {
        private readonly ReleaseEventStream _owner;
        private readonly long _id;
        private readonly Channel<JournalEvent> _channel =
            Channel.CreateUnbounded<JournalEvent>(new UnboundedChannelOptions { SingleReader = true });

        internal Subscription(ReleaseEventStream owner, long id, string? releaseId)
        {
            _owner = owner;
            _id = id;
            ReleaseId = releaseId;
        }

        public string? ReleaseId { get; }

        public ChannelReader<JournalEvent> Reader => _channel.Reader;

        internal ChannelWriter<JournalEvent> Writer => _channel.Writer;

        public void Dispose()
        {
            _owner._subscriptions.TryRemove(_id, out _);
            _channel.Writer.TryComplete();
        }
    }
}
