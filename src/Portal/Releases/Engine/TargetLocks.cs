using PortalRelease.Portal.Cluster;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Releases.Journal;

namespace PortalRelease.Portal.Releases.Engine;

/// <summary>
/// One release at a time per target. A release claims every target of its plan in the transaction that creates it; it
/// may take them once no release holds any of them and no release created before it waits for any of them (first in,
/// first served, by creation order). The decision is made in the database, in the same transaction as the journal event
/// recording it (<see cref="TargetsLocked"/>, <see cref="Queued"/>), so it holds across nodes: two releases created on two
/// nodes can never deploy to one target at once (<see cref="TargetClaimRepository"/>).
/// </summary>
public sealed class TargetLocks(TargetClaimRepository claims, JournalWriter writer, JournalRepository journal, ReleaseRepository releases)
{
    /// <summary>
    /// Whether a release belongs in the line, from its journal: true when it holds its targets, false when it still
    /// has to take them (not deploying yet), null when it has nothing to do with locks (settled, or undoing).
    /// </summary>
    public static bool? ClaimOf(ReleaseView view) =>
        view.HoldsTargets ? true
        : !view.IsFinal && view.PendingRollback is null && view.State is Lifecycle.Proposed or Lifecycle.Validated ? false
        : null;

    /// <summary>Adds a release to the line (no-op when it is already there). <paramref name="holds"/> when its journal says it holds its targets.</summary>
    public Task ClaimAsync(string releaseId, DateTimeOffset createdAt, IEnumerable<string> targets, bool holds = false) =>
        claims.ClaimAsync(releaseId, createdAt, targets, holds);

    /// <summary>
    /// Takes the release's targets if it is its turn, or tells what it waits for; <paramref name="record"/> says what to
    /// journal about the decision, committed with it.
    /// </summary>
    public Task<ClaimDecision> AcquireAsync(string releaseId, LeaseFence? fence, Func<ClaimDecision, IReadOnlyList<EventDraft>> record) =>
        writer.AppendClaimDecisionAsync(releaseId, fence, record);

    /// <summary>The release settled: its targets (<paramref name="targets"/>, its plan's) are free. Returns the releases still waiting for one, to be woken.</summary>
    public Task<IReadOnlyList<string>> ReleaseAsync(string releaseId, IReadOnlyCollection<string> targets) => claims.FreeAsync(releaseId, targets);

    /// <summary>
    /// Whether <paramref name="releaseId"/>'s claims are left over: its journal says it settled
    /// (<see cref="ReleaseView.IsFinal"/>, the very test its runner frees them on), so it holds and waits for nothing.
    /// Its node frees them then; one stopped between the final event and the free (a crash, a shutdown that cancelled it
    /// there) leaves them, and nothing else would ever remove them. Not <see cref="ClaimOf"/>: a release that failed and
    /// rolls back still holds its targets while it undoes, though its view no longer says so.
    /// </summary>
    /// <remarks>
    /// One small read answers the usual case, a holder still deploying (its newest state is not a settled one); only a
    /// release whose newest state is settled has its journal folded, to tell a rollback still to come.
    /// </remarks>
    public async Task<bool> IsLeftoverAsync(string releaseId, CancellationToken cancellationToken = default) =>
        LifecycleStates.Final.Contains(await releases.GetStateAsync(releaseId, cancellationToken))
        && ReleaseView.From(releaseId, await journal.ReadAsync(releaseId, cancellationToken: cancellationToken)).IsFinal;

    /// <summary>Raised with each release that waited for a target a left-over release's claims no longer block: the engine wakes it.</summary>
    public event Action<string>? Freed;

    /// <summary>Removes the claims of a release <see cref="IsLeftoverAsync"/> found left over; whoever else waited for them is woken to decide again.</summary>
    public async Task DropLeftoverAsync(string releaseId)
    {
        foreach (var waiting in await claims.FreeAsync(releaseId, []))
        {
            Freed?.Invoke(waiting);
        }
    }

    /// <summary>Who holds each target and who waits, in order: for the pages and the tests.</summary>
    public async Task<IReadOnlyList<TargetQueue>> SnapshotAsync() =>
        (await claims.ListAsync()).Select(q => new TargetQueue(q.Target, q.Holder, q.Waiting)).ToList();
}

/// <summary>One target's holder and its waiting line, oldest first.</summary>
public sealed record TargetQueue(string Target, string? Holder, IReadOnlyList<string> Waiting);
