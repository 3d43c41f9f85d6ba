using System.Collections.Concurrent;
using System.Threading.Channels;
using PortalRelease.Portal.Releases.Journal;

namespace PortalRelease.Portal.Live;

/// <summary>
/// The one in-process stream of committed journal events. The journal writer publishes after each commit, in
/// sequence order per release; pages and the SignalR hub subscribe. A subscriber that needs history reads the
/// journal first and de-duplicates by sequence number (see <see cref="ReleaseFeed"/>).
/// In a cluster the <see cref="Cluster.ClusterEventFollower"/> also publishes the events other nodes wrote; those reach
/// only subscribers that want every node's events (pages, the hub), not the services that act once per event written
/// (metrics, audit export, notifications, facts), which run on the node that wrote it.
/// </summary>
public sealed class ReleaseEventStream
{
    private readonly ConcurrentDictionary<long, Subscription> _subscriptions = new();

    // The events this node's writer is committing or has committed and not yet seen followed: the writer adds them
    // before its commit makes the rows visible, so the follower can never read a row of ours it does not know as ours.
    private readonly ConcurrentDictionary<(string ReleaseId, long Seq), byte>? _local;
    private long _nextId;

    public ReleaseEventStream()
        : this(followsCluster: false)
    {
    }

    /// <param name="followsCluster">True when a follower publishes other nodes' events, so the writer's own must be told apart.</param>
    public ReleaseEventStream(bool followsCluster) => _local = followsCluster ? new() : null;

    /// <summary>
    /// Subscribes to the events of one release, or of every release when <paramref name="releaseId"/> is null;
    /// <paramref name="localOnly"/> for the events this node's writer committed only.
    /// </summary>
    public Subscription Subscribe(string? releaseId = null, bool localOnly = false)
    {
        var id = Interlocked.Increment(ref _nextId);
        var subscription = new Subscription(this, id, releaseId, localOnly);
        _subscriptions[id] = subscription;
        return subscription;
    }

    /// <summary>Events this node's writer committed.</summary>
    public void Publish(IReadOnlyList<JournalEvent> events) => Deliver(events, local: true);

    /// <summary>The writer is about to commit these: the follower must leave them to the writer.</summary>
    public void ExpectLocal(IEnumerable<JournalEvent> events)
    {
        if (_local is null)
        {
            return;
        }
        foreach (var e in events)
        {
            _local[(e.ReleaseId, e.Seq)] = 0;
        }
    }

    /// <summary>The writer's commit failed: should the rows exist all the same, the follower publishes them.</summary>
    public void ForgetLocal(IEnumerable<JournalEvent> events)
    {
        if (_local is null)
        {
            return;
        }
        foreach (var e in events)
        {
            _local.TryRemove((e.ReleaseId, e.Seq), out _);
        }
    }

    /// <summary>
    /// Publishes the events the follower read from the journal (in commit order) except this node's writer's own, and
    /// returns those it published.
    /// </summary>
    public IReadOnlyList<JournalEvent> PublishFollowed(IReadOnlyList<JournalEvent> events)
    {
        var others = events.Where(e => _local is null || !_local.TryRemove((e.ReleaseId, e.Seq), out _)).ToList();
        Deliver(others, local: false);
        return others;
    }

    private void Deliver(IReadOnlyList<JournalEvent> events, bool local)
    {
        if (events.Count == 0 || _subscriptions.IsEmpty)
        {
            return;
        }
        foreach (var subscription in _subscriptions.Values)
        {
            if (!local && subscription.LocalOnly)
            {
                continue;
            }
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

        internal Subscription(ReleaseEventStream owner, long id, string? releaseId, bool localOnly)
        {
            _owner = owner;
            _id = id;
            ReleaseId = releaseId;
            LocalOnly = localOnly;
        }

        public string? ReleaseId { get; }

        /// <summary>Only the events this node's writer committed.</summary>
        public bool LocalOnly { get; }

        public ChannelReader<JournalEvent> Reader => _channel.Reader;

        internal ChannelWriter<JournalEvent> Writer => _channel.Writer;

        public void Dispose()
        {
            _owner._subscriptions.TryRemove(_id, out _);
            _channel.Writer.TryComplete();
        }
    }
}
