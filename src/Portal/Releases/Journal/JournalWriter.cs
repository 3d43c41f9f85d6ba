using PortalRelease.Portal.Cluster;
using System.Threading.Channels;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Live;

namespace PortalRelease.Portal.Releases.Journal;

/// <summary>
/// The journal's single writer. Appends from every release are queued and committed together (group commit):
/// one transaction and one prepared statement per batch, so throughput holds when many releases write at once,
/// while each caller still awaits its own durable commit. Sequence numbers are assigned here, per release,
/// and every committed event is published on the <see cref="ReleaseEventStream"/> in order.
/// </summary>
public sealed partial class JournalWriter : IAsyncDisposable
{
    private const int MaxBatch = 2048;

    private readonly PortalDatabase _connections;
    private readonly ReleaseEventStream _stream;
    private readonly TimeProvider _time;
    private readonly ILogger<JournalWriter> _logger;
    private readonly Channel<Work> _queue = Channel.CreateUnbounded<Work>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<string, long> _lastSeq = new(StringComparer.Ordinal);
    private readonly Task _loop;
    private JournalAppender? _appender;
    private readonly Audit.CanonicalHasher _hasher = new();
    private readonly SpareHasher _spareHasher = new();
    // The newest committed row's hash, kept only while this process is the journal's only writer (SQLite); null makes
    // the next batch read it from the database.
    private byte[]? _head;
    private long _commits;

    public JournalWriter(PortalDatabase connections, ReleaseEventStream stream, TimeProvider time, ILogger<JournalWriter> logger)
    {
        _connections = connections;
        _stream = stream;
        _time = time;
        _logger = logger;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>
    /// Off only for the bench's plain path (the same writer minus hashing, for an honest ratio): rows then carry no
    /// chain and the database no longer verifies. Never off in the portal.
    /// </summary>
    internal bool HashChain { get; set; } = true;

    /// <summary>How many transactions the writer has committed; with events appended, tells the batching achieved.</summary>
    public long Commits => Interlocked.Read(ref _commits);

    /// <summary>Appends events to an existing release; completes when they are durable.</summary>
    public Task<IReadOnlyList<JournalEvent>> AppendAsync(string releaseId, params EventDraft[] events) =>
        Enqueue(new Work(releaseId, null, events));

    public Task<IReadOnlyList<JournalEvent>> AppendAsync(string releaseId, IReadOnlyList<EventDraft> events) =>
        Enqueue(new Work(releaseId, null, events));

    /// <summary>
    /// Appends events only if the release's journal still ends at <paramref name="expectedSeq"/>, the last sequence
    /// number the caller read before deciding them; otherwise nothing is written and the task fails with
    /// <see cref="JournalConflictException"/>, so the caller reads again and decides again. This, not a lock in one
    /// process, is what keeps two commands (on one node or two) from both acting on the same stale view.
    /// </summary>
    public Task<IReadOnlyList<JournalEvent>> AppendAsync(string releaseId, long expectedSeq, IReadOnlyList<EventDraft> events) =>
        Enqueue(new Work(releaseId, null, events) { ExpectedSeq = expectedSeq });

    /// <summary>
    /// A runner's append: written only while <paramref name="fence"/>'s node still holds the release's lease at its epoch
    /// (checked in the batch's transaction), otherwise <see cref="LeaseLostException"/> and nothing is written. Null
    /// <paramref name="fence"/> (a single node on SQLite, which drives every release) appends unconditionally.
    /// </summary>
    public Task<IReadOnlyList<JournalEvent>> AppendAsync(string releaseId, LeaseFence? fence, IReadOnlyList<EventDraft> events) =>
        Enqueue(new Work(releaseId, null, events) { Fence = fence });

    /// <summary>
    /// Creates the release row and its first events atomically: there is never a release without a journal. With
    /// <paramref name="key"/>, the caller's idempotency key is written in the same transaction; when that key is taken
    /// the whole creation fails with <see cref="IdempotencyKeyTakenException"/> and nothing is saved.
    /// </summary>
    public Task<IReadOnlyList<JournalEvent>> CreateReleaseAsync(
        ReleaseRecord release, IReadOnlyList<EventDraft> events, IdempotencyRecord? key = null, IReadOnlyCollection<string>? targets = null) =>
        Enqueue(new Work(release.Id, release, events, key) { Claims = targets });

    /// <summary>
    /// Decides in the append's own transaction whether the release takes its targets now (one release at a time per
    /// target, first created first served, across every node) and appends what <paramref name="record"/> makes of the
    /// decision, both or neither: the journal shows the decision before any other release can take one of the targets.
    /// </summary>
    public async Task<ClaimDecision> AppendClaimDecisionAsync(string releaseId, LeaseFence? fence, Func<ClaimDecision, IReadOnlyList<EventDraft>> record)
    {
        var work = new Work(releaseId, null, []) { Fence = fence, Decide = record };
        await Enqueue(work);
        return work.Decision!;
    }

    private Task<IReadOnlyList<JournalEvent>> Enqueue(Work work)
    {
        ObjectDisposedException.ThrowIf(!_queue.Writer.TryWrite(work), this);
        return work.Completion.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
        _hasher.Dispose();
        _spareHasher.Dispose();
        if (_appender is not null)
        {
            await _appender.DisposeAsync();
        }
    }

    private sealed class Work(string releaseId, ReleaseRecord? create, IReadOnlyList<EventDraft> drafts, IdempotencyRecord? key = null)
    {
        public string ReleaseId { get; } = releaseId;
        public ReleaseRecord? Create { get; } = create;
        public IdempotencyRecord? Key { get; } = key;
        public IReadOnlyList<EventDraft> Drafts { get; set; } = drafts;

        /// <summary>The targets a new release claims in its creating transaction.</summary>
        public IReadOnlyCollection<string>? Claims { get; init; }

        /// <summary>Makes the drafts from the target decision taken in the batch's transaction (<see cref="AppendClaimDecisionAsync"/>).</summary>
        public Func<ClaimDecision, IReadOnlyList<EventDraft>>? Decide { get; init; }

        public ClaimDecision? Decision { get; set; }

        /// <summary>The journal's last sequence number the caller decided on; null appends whatever came before.</summary>
        public long? ExpectedSeq { get; init; }

        /// <summary>The runner's lease, checked in the batch's transaction; null for appends that need none.</summary>
        public LeaseFence? Fence { get; init; }

        /// <summary>Set in a batch when <see cref="Fence"/> no longer held: the lease's epoch now, if it still exists.</summary>
        public long? FencedAt { get; set; }

        public bool Fenced { get; set; }

        /// <summary>Set in a batch when <see cref="ExpectedSeq"/> did not hold: the journal's actual last sequence number.</summary>
        public long? Conflict { get; set; }
        public List<JournalEvent> Written { get; } = new(drafts.Count);
        public TaskCompletionSource<IReadOnlyList<JournalEvent>> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
