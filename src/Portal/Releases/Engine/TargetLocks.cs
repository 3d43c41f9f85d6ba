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
public sealed class TargetLocks(TargetClaimRepository claims, JournalWriter writer)
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

    /// <summary>The release settled: its targets are free. Returns the releases still waiting, to be woken.</summary>
    public Task<IReadOnlyList<string>> ReleaseAsync(string releaseId) => claims.FreeAsync(releaseId);

    /// <summary>Who holds each target and who waits, in order: for the pages and the tests.</summary>
    public async Task<IReadOnlyList<TargetQueue>> SnapshotAsync() =>
        (await claims.ListAsync()).Select(q => new TargetQueue(q.Target, q.Holder, q.Waiting)).ToList();
}

/// <summary>One target's holder and its waiting line, oldest first.</summary>
public sealed record TargetQueue(string Target, string? Holder, IReadOnlyList<string> Waiting);
