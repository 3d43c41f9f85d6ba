using PortalRelease.Portal.Releases.Journal;

namespace PortalRelease.Portal.Releases.Engine;

/// <summary>
/// One release at a time per target. A release claims every target of its plan when it is created; it may take
/// them once no release holds any of them and no release created before it waits for any of them (first in, first
/// served, by creation order). Decisions are made under one async lock and journaled (<see cref="TargetsLocked"/>,
/// <see cref="Queued"/>) before the lock is let go, so the journal stays the truth and this is only its index:
/// <see cref="ReleaseEngine"/> rebuilds it from the journal at start.
/// </summary>
public sealed class TargetLocks : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, Claim> _claims = new(StringComparer.Ordinal);

    /// <summary>
    /// Whether a release belongs in the line, from its journal: true when it holds its targets, false when it still
    /// has to take them (not deploying yet), null when it has nothing to do with locks (settled, or undoing).
    /// </summary>
    public static bool? ClaimOf(ReleaseView view) =>
        view.HoldsTargets ? true
        : !view.IsFinal && view.PendingRollback is null && view.State is Lifecycle.Proposed or Lifecycle.Validated ? false
        : null;

    /// <summary>Adds a release to the line (no-op when it is already there). <paramref name="holds"/> when its journal says it holds its targets.</summary>
    public async Task ClaimAsync(string releaseId, DateTimeOffset createdAt, IEnumerable<string> targets, bool holds = false)
    {
        await _gate.WaitAsync();
        try
        {
            if (_claims.TryGetValue(releaseId, out var existing))
            {
                existing.Holds |= holds;
                return;
            }
            _claims[releaseId] = new Claim(releaseId, createdAt, targets.ToHashSet(StringComparer.Ordinal)) { Holds = holds };
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Takes the release's targets if it is its turn, or tells what it waits for. <paramref name="record"/> runs under
    /// the lock so the journal shows the decision before any other release can take one.
    /// </summary>
    public async Task<LockDecision> AcquireAsync(string releaseId, Func<LockDecision, Task> record)
    {
        await _gate.WaitAsync();
        try
        {
            if (!_claims.TryGetValue(releaseId, out var claim))
            {
                throw new InvalidOperationException($"Release {releaseId} has not claimed its targets.");
            }
            if (claim.Holds)
            {
                return LockDecision.Held;
            }
            var blocker = _claims.Values
                .Where(other => other != claim && (other.Holds || other.IsBefore(claim)) && other.Targets.Overlaps(claim.Targets))
                .OrderBy(other => other.Holds ? 0 : 1)
                .ThenBy(other => other.CreatedAt)
                .ThenBy(other => other.ReleaseId, StringComparer.Ordinal)
                .FirstOrDefault();
            var decision = blocker is null
                ? LockDecision.Acquired
                : new LockDecision(false, blocker.ReleaseId, claim.Targets.Where(blocker.Targets.Contains).Order(StringComparer.Ordinal).First());
            await record(decision);
            claim.Holds = blocker is null;
            return decision;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The release settled: its targets are free. Returns the releases still waiting, to be woken.</summary>
    public async Task<IReadOnlyList<string>> ReleaseAsync(string releaseId)
    {
        await _gate.WaitAsync();
        try
        {
            if (!_claims.Remove(releaseId, out var released))
            {
                return [];
            }
            return _claims.Values.Where(c => !c.Holds && c.Targets.Overlaps(released.Targets))
                .OrderBy(c => c.CreatedAt).Select(c => c.ReleaseId).ToList();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Who holds each target and who waits, in order: for the pages and the tests.</summary>
    public async Task<IReadOnlyList<TargetQueue>> SnapshotAsync()
    {
        await _gate.WaitAsync();
        try
        {
            return _claims.Values.SelectMany(c => c.Targets.Select(t => (Target: t, Claim: c)))
                .GroupBy(x => x.Target, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new TargetQueue(
                    g.Key,
                    g.FirstOrDefault(x => x.Claim.Holds).Claim?.ReleaseId,
                    g.Where(x => !x.Claim.Holds).OrderBy(x => x.Claim.CreatedAt).ThenBy(x => x.Claim.ReleaseId, StringComparer.Ordinal).Select(x => x.Claim.ReleaseId).ToList()))
                .ToList();
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private sealed class Claim(string releaseId, DateTimeOffset createdAt, HashSet<string> targets)
    {
        public string ReleaseId { get; } = releaseId;

        public DateTimeOffset CreatedAt { get; } = createdAt;

        public HashSet<string> Targets { get; } = targets;

        public bool Holds { get; set; }

        public bool IsBefore(Claim other) =>
            CreatedAt < other.CreatedAt || (CreatedAt == other.CreatedAt && string.CompareOrdinal(ReleaseId, other.ReleaseId) < 0);
    }
}

/// <summary>Whether the release may deploy now; when not, which release it waits behind and on which target.</summary>
public sealed record LockDecision(bool Granted, string? Behind, string? On)
{
    public static LockDecision Acquired { get; } = new(true, null, null);

    /// <summary>The release already held its targets (journaled before); nothing to record.</summary>
    public static LockDecision Held { get; } = new(true, null, null);
}

/// <summary>One target's holder and its waiting line, oldest first.</summary>
public sealed record TargetQueue(string Target, string? Holder, IReadOnlyList<string> Waiting);
