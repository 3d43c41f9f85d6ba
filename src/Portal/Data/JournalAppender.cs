namespace PortalRelease.Portal.Data;

/// <summary>
/// The journal writer's hold on the database: one long-lived connection that commits batches of rows (group commit),
/// each batch in one transaction. The writer decides sequence numbers and hashes; this only stores them, the way its
/// provider does it fastest. One batch at a time: <see cref="BeginBatchAsync"/>, the inserts, <see cref="CommitAsync"/>.
/// A failed batch leaves the appender unusable: dispose it and open another.
/// </summary>
public abstract class JournalAppender : IAsyncDisposable
{
    /// <summary>
    /// True when this process is the journal's only writer, so the sequence numbers and chain head it remembers from its
    /// own commits are the database's: SQLite. False on PostgreSQL, where other nodes append too and both are read inside
    /// each batch's transaction, under the journal's write scope.
    /// </summary>
    public abstract bool SoleWriter { get; }

    /// <summary>
    /// Begins a batch and reads, in its transaction and under the journal's write scope, everything the writer decides
    /// the batch by: the chain head, the newest sequence number of each release it does not know, and the leases its
    /// fenced appends rely on. One call, so a provider across a network can read all of it in one round trip.
    /// </summary>
    public abstract Task<BatchStart> BeginBatchAsync(BatchReads reads, CancellationToken cancellationToken = default);

    /// <summary>Decides, in the batch's transaction, whether the release takes its targets now (see <see cref="TargetClaimRepository"/>).</summary>
    public abstract Task<ClaimDecision> DecideClaimAsync(string releaseId, CancellationToken cancellationToken = default);

    /// <summary>Puts a new release in line for its targets, in the transaction that creates it.</summary>
    public abstract Task InsertClaimsAsync(string releaseId, DateTimeOffset createdAt, IReadOnlyCollection<string> targets, CancellationToken cancellationToken = default);

    /// <summary>Inserts a new release's row, in the batch's transaction.</summary>
    public abstract Task InsertReleaseAsync(ReleaseRecord release, CancellationToken cancellationToken = default);

    /// <summary>Inserts an idempotency key in the batch's transaction; a live one taken throws <see cref="IdempotencyKeyTakenException"/>.</summary>
    public abstract Task InsertKeyAsync(IdempotencyRecord key, CancellationToken cancellationToken = default);

    /// <param name="releaseId">The release.</param>
    /// <param name="seq">Its sequence number.</param>
    /// <param name="at">The event's time already formatted (<see cref="DbTime"/>): a batch shares one time, formatted once.</param>
    /// <param name="type">The event type.</param>
    /// <param name="actor">Who acted, if anyone.</param>
    /// <param name="actorName">Their display name, if known.</param>
    /// <param name="data">The event's data as the JSON text stored (and hashed).</param>
    /// <param name="previousHash">The chain's previous row's hash; null with <paramref name="hash"/> only where the chain is off (the bench's plain path).</param>
    /// <param name="hash">This row's hash over its canonical content (<see cref="Audit.ChainContent.Journal"/>).</param>
    public abstract void Add(string releaseId, long seq, string at, string type, string? actor, string? actorName, string data, byte[]? previousHash, byte[]? hash);

    /// <summary>Stores what was added and commits the batch: when this completes, the batch is durable.</summary>
    public abstract Task CommitAsync(CancellationToken cancellationToken = default);

    public abstract ValueTask DisposeAsync();

    internal const string InsertSql =
        "INSERT INTO journal (release_id, seq, at, type, actor, actor_name, data, prev_hash, hash) VALUES (@r, @s, @a, @t, @u, @n, @d, @p, @h)";
}

/// <summary>What a batch reads before it decides (see <see cref="JournalAppender.BeginBatchAsync"/>).</summary>
/// <param name="KnownHead">The chain head a sole writer remembers; null to read it.</param>
/// <param name="Releases">The releases whose newest sequence number must be read.</param>
/// <param name="Leases">By node, the releases whose lease that node's fenced appends rely on.</param>
public sealed record BatchReads(byte[]? KnownHead, IReadOnlyCollection<string> Releases, IReadOnlyDictionary<string, IReadOnlyCollection<string>> Leases);

/// <summary>What a batch read: the chain head, the sequence numbers (null when none were asked) and the held lease epochs (null when none were asked).</summary>
public sealed record BatchStart(byte[] Head, IReadOnlyDictionary<string, long>? Seqs, IReadOnlyDictionary<(string NodeId, string ReleaseId), long>? Leases);
