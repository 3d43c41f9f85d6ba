using PortalRelease.Portal.Releases.Journal;

namespace PortalRelease.Portal.Releases;

/// <summary>
/// A release's current state, derived only from its journal by <see cref="Apply"/>. Nothing else stores state:
/// the engine, the API and the pages all fold the same events the same way.
/// </summary>
public sealed partial class ReleaseView
{
    private readonly HashSet<int> _started = [];
    private readonly HashSet<int> _completed = [];
    private readonly Dictionary<string, ActionIntended> _intended = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ActionDone> _done = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ActionFailed> _failed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _weights = new(StringComparer.Ordinal);
    private readonly Dictionary<int, (DateTimeOffset? Until, long Seq)> _pauses = [];
    private readonly List<MeasurementTaken> _measurements = [];
    private readonly Dictionary<int, AnalysisVerdict> _verdicts = [];
    private readonly Dictionary<int, DateTimeOffset> _stepStartedAt = [];
    private readonly Dictionary<int, HashSet<int>> _roundsAfterGap = [];

    public ReleaseView(string id) => Id = id;

    public string Id { get; }

    public Lifecycle State { get; private set; } = Lifecycle.Proposed;

    public bool IsPaused { get; private set; }

    public string? PauseReason { get; private set; }

    public long LastSeq { get; private set; }

    public DateTimeOffset? CreatedAt { get; private set; }

    public DateTimeOffset? UpdatedAt { get; private set; }

    public string? CreatedBy { get; private set; }

    /// <summary>The step being worked on, if any.</summary>
    public int? CurrentStep { get; private set; }

    public string? CurrentStepDescription { get; private set; }

    /// <summary>Why the release reached its current state (a failure, who aborted it…).</summary>
    public string? Reason { get; private set; }

    /// <summary>The version each target ran before this release, recorded at validation for rollback.</summary>
    public IReadOnlyDictionary<string, string?> PreviousVersions { get; private set; } = new Dictionary<string, string?>();

    /// <summary>A rollback or abort was asked for and has not finished yet.</summary>
    public RollbackRequest? PendingRollback { get; private set; }

    /// <summary>How many rollbacks or aborts were requested; each is a new attempt with its own idempotency keys.</summary>
    public int RollbackAttempt { get; private set; }

    public IReadOnlyDictionary<string, int> CanaryWeights => _weights;

    public int CanaryWeight => _weights.Count == 0 ? 0 : _weights.Values.Max();

    public IReadOnlyCollection<int> CompletedSteps => _completed;

    public IReadOnlyList<MeasurementTaken> Measurements => _measurements;

    public IReadOnlyDictionary<int, AnalysisVerdict> Verdicts => _verdicts;

    public bool IsFinal => PendingRollback is null && State is Lifecycle.Promoted or Lifecycle.RolledBack or Lifecycle.Aborted or Lifecycle.Failed;

    public bool HasStarted(int step) => _started.Contains(step);

    public bool IsCompleted(int step) => _completed.Contains(step);

    public DateTimeOffset? StepStartedAt(int step) => _stepStartedAt.TryGetValue(step, out var at) ? at : null;

    public bool IsDone(string key) => _done.ContainsKey(key);

    public bool IsIntended(string key) => _intended.ContainsKey(key);

    public IEnumerable<ActionIntended> IntendedActions => _intended.Values;

    public bool HasPauseStarted(int step) => _pauses.ContainsKey(step);

    public DateTimeOffset? PauseUntil(int step) => _pauses.TryGetValue(step, out var p) ? p.Until : null;

    public IEnumerable<MeasurementTaken> MeasurementsOf(int step) => _measurements.Where(m => m.Index == step);

    /// <summary>The rounds of analysis step <paramref name="step"/> that a <see cref="ResumedAfterGap"/> already named.</summary>
    public IReadOnlySet<int> RoundsAfterGap(int step) => _roundsAfterGap.TryGetValue(step, out var rounds) ? rounds : new HashSet<int>();

    public sealed record RollbackRequest(bool IsAbort, string Reason, string? By);

    public static ReleaseView From(string id, IEnumerable<JournalEvent> events)
    {
        var view = new ReleaseView(id);
        foreach (var journalEvent in events)
        {
            view.Apply(journalEvent);
        }
        return view;
    }
}
