using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
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
    // Subscribers to every release, and to one release by its id: a delivery visits only those an event concerns, so a
    // thousand open release pages do not each look at every event of every release.
    private readonly ConcurrentDictionary<long, Subscription> _everyRelease = new();
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<long, Subscription>> _byRelease = new(StringComparer.Ordinal);

    // The events this node's writer is committing or has committed and not yet seen followed: the writer adds them
    // before its commit makes the rows visible, so the follower can never read a row of ours it does not know as ours.
    private readonly ConcurrentDictionary<(string ReleaseId, long Seq), byte>? _local;

    // The commit notices this node's writer's commits will send, until each arrives (see TakeOwnNotice).
    private readonly ConcurrentDictionary<(string ReleaseId, long Seq), byte>? _notices;
    private long _nextId;

    // The newest sequence number delivered of each release someone tracks (its runner): boxed, so a delivery updates it
    // without replacing the entry, and an untracked release is never added.
    private readonly ConcurrentDictionary<string, StrongBox<long>> _latest = new(StringComparer.Ordinal);

    public ReleaseEventStream()
        : this(followsCluster: false)
    {
    }

    /// <param name="followsCluster">True when a follower publishes other nodes' events, so the writer's own must be told apart.</param>
    public ReleaseEventStream(bool followsCluster)
    {
        if (followsCluster)
        {
            _local = new();
            _notices = new();
        }
    }

    /// <summary>
    /// Subscribes to the events of one release, or of every release when <paramref name="releaseId"/> is null;
    /// <paramref name="localOnly"/> for the events this node's writer committed only.
    /// </summary>
    public Subscription Subscribe(string? releaseId = null, bool localOnly = false)
    {
        var id = Interlocked.Increment(ref _nextId);
        var subscription = new Subscription(this, id, releaseId, localOnly);
        if (releaseId is null)
        {
            _everyRelease[id] = subscription;
        }
        else
        {
            // Under the lock that also removes emptied entries, so a subscription never lands in an entry being dropped;
            // deliveries read without it.
            lock (_byRelease)
            {
                _byRelease.GetOrAdd(releaseId, _ => new())[id] = subscription;
            }
        }
        return subscription;
    }

    /// <summary>
    /// Starts remembering the newest sequence number delivered for <paramref name="releaseId"/> (this node's commits and,
    /// in a cluster, the rows followed from other nodes), until the result is disposed. A release's runner tracks its
    /// release, so it reads the journal only when something it has not seen was delivered.
    /// </summary>
    public IDisposable Track(string releaseId)
    {
        var box = _latest.GetOrAdd(releaseId, _ => new StrongBox<long>(0));
        return new Untrack(this, releaseId, box);
    }

    /// <summary>
    /// The newest sequence number delivered for a tracked release, at least <paramref name="seen"/>: what a reader that
    /// has read up to <paramref name="seen"/> itself records, so a delivery that crossed its read is never lost.
    /// </summary>
    public long Latest(string releaseId, long seen)
    {
        if (!_latest.TryGetValue(releaseId, out var box))
        {
            return long.MaxValue;
        }
        RaiseTo(box, seen);
        return Volatile.Read(ref box.Value);
    }

    private static void RaiseTo(StrongBox<long> box, long seq)
    {
        var current = Volatile.Read(ref box.Value);
        while (seq > current)
        {
            var was = Interlocked.CompareExchange(ref box.Value, seq, current);
            if (was == current)
            {
                return;
            }
            current = was;
        }
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
        foreach (var newest in Newest(events))
        {
            _notices![newest] = 0;
        }
    }

    private static IEnumerable<(string ReleaseId, long Seq)> Newest(IEnumerable<JournalEvent> events) =>
        events.GroupBy(e => e.ReleaseId, StringComparer.Ordinal).Select(g => (g.Key, g.Max(e => e.Seq)));

    /// <summary>
    /// Whether a commit notice (the newest row of one release in one commit: what PostgreSQL's <c>portal_journal</c>
    /// notification names) is of this node's writer's commit, forgetting it: each notice is answered once. Kept apart
    /// from the follower's own bookkeeping, since notices arrive while it reads, and those rows must still count as ours.
    /// </summary>
    public bool TakeOwnNotice(string releaseId, long seq) => _notices?.TryRemove((releaseId, seq), out _) ?? false;

    /// <summary>Forgets every notice not yet answered: a listener that reconnects was never told of them (they cost a read at most).</summary>
    public void ForgetNotices() => _notices?.Clear();

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
        foreach (var newest in Newest(events))
        {
            _notices!.TryRemove(newest, out _);
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
        if (!_latest.IsEmpty)
        {
            foreach (var journalEvent in events)
            {
                if (_latest.TryGetValue(journalEvent.ReleaseId, out var box))
                {
                    RaiseTo(box, journalEvent.Seq);
                }
            }
        }
        if (events.Count == 0)
        {
            return;
        }
        foreach (var subscription in _everyRelease.Values)
        {
            if (local || !subscription.LocalOnly)
            {
                foreach (var journalEvent in events)
                {
                    subscription.Writer.TryWrite(journalEvent);
                }
            }
        }
        if (_byRelease.IsEmpty)
        {
            return;
        }
        foreach (var journalEvent in events)
        {
            if (_byRelease.TryGetValue(journalEvent.ReleaseId, out var of))
            {
                foreach (var subscription in of.Values)
                {
                    if (local || !subscription.LocalOnly)
                    {
                        subscription.Writer.TryWrite(journalEvent);
                    }
                }
            }
        }
    }

    private void Remove(Subscription subscription)
    {
        if (subscription.ReleaseId is null)
        {
            _everyRelease.TryRemove(subscription.Id, out _);
            return;
        }
        lock (_byRelease)
        {
            if (_byRelease.TryGetValue(subscription.ReleaseId, out var of) && of.TryRemove(subscription.Id, out _) && of.IsEmpty)
            {
                _byRelease.TryRemove(subscription.ReleaseId, out _);
            }
        }
    }

    private sealed class Untrack(ReleaseEventStream owner, string releaseId, StrongBox<long> box) : IDisposable
    {
        public void Dispose() => owner._latest.TryRemove(new KeyValuePair<string, StrongBox<long>>(releaseId, box));
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

        internal long Id => _id;

        /// <summary>Only the events this node's writer committed.</summary>
        public bool LocalOnly { get; }

        public ChannelReader<JournalEvent> Reader => _channel.Reader;

        internal ChannelWriter<JournalEvent> Writer => _channel.Writer;

        public void Dispose()
        {
            _owner.Remove(this);
            _channel.Writer.TryComplete();
        }
    }
}
