using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Portal.Templates;
using PortalRelease.Sdk;

namespace PortalRelease.Portal.Releases.Engine;

/// <summary>
/// Drives one release through its plan. Every decision is taken from the view folded from the journal, and every
/// effect is journaled before (intended) and after (done) it happens, so a runner started on the same release
/// after a crash continues exactly where the last one stopped.
/// </summary>
public sealed partial class ReleaseRunner
{
    private readonly EngineServices _services;
    private readonly ILogger _logger;
    private readonly AsyncSignal _signal = new();
    private readonly ConcurrentDictionary<string, TargetContext> _targets = new(StringComparer.Ordinal);
    private ReleaseRecord _release = null!;
    private ReleasePlan _plan = null!;
    private readonly ReleaseView _view;
    private readonly ActivityContext? _startedBy;
    private readonly HashSet<int> _gapChecked = [];

    // What the runner's own sampler appended and the view has not folded yet, by sequence number: the runner folds these
    // without reading them back (most appends between two of the runner's own are its sampler's).
    private readonly ConcurrentDictionary<long, JournalEvent> _ownWrites = new();
    private (DateTimeOffset At, DateTimeOffset? LastSeen) _resumed;

    /// <param name="startedBy">The span of the request or command that started the runner, linked from the release's span.</param>
    /// <param name="hold">This node's hold on the release: its fence goes with every append.</param>
    public ReleaseRunner(Cluster.ReleaseHold hold, EngineServices services, ActivityContext? startedBy = null)
    {
        ReleaseId = hold.ReleaseId;
        Hold = hold;
        _startedBy = startedBy;
        _services = services;
        _logger = services.Loggers.CreateLogger<ReleaseRunner>();
        _view = new ReleaseView(hold.ReleaseId);
    }

    public string ReleaseId { get; }

    public Cluster.ReleaseHold Hold { get; }

    /// <summary>The last sequence number the runner has seen: a node compares it with the journal to notice other nodes' events.</summary>
    public long KnownSeq => _view.LastSeq;

    /// <summary>Wakes the runner to look at the journal again (a command arrived).</summary>
    public void Signal() => _signal.Raise();

    public bool HasPendingSignal => _signal.IsRaised;

    /// <summary>The release reached a final state: its targets are free.</summary>
    public bool IsSettled => _view.IsFinal;

    private DateTimeOffset Now => _services.Time.GetUtcNow();

    private static readonly TimeSpan QueuedRecheck = TimeSpan.FromSeconds(2);

    // Alone, the release that frees the targets wakes who waits; this only bounds how long a lost wake-up (a free that
    // failed, a leftover dropped by another waiter) could keep a line still.
    private static readonly TimeSpan QueuedRecheckAlone = TimeSpan.FromSeconds(60);

    public async Task RunAsync(CancellationToken stopping)
    {
        _release = await _services.Releases.GetAsync(ReleaseId, stopping)
            ?? throw new InvalidOperationException($"Release {ReleaseId} does not exist.");
        _plan = JsonSerializer.Deserialize<ReleasePlan>(_release.Plan, JournalJson.Options)
            ?? throw new InvalidOperationException($"Release {ReleaseId} has no plan.");
        // Nothing the runner does is part of whatever span was current where it was started (a request's).
        Activity.Current = null;
        using var tracked = _services.Stream.Track(ReleaseId);
        using var sampling = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var sampler = Task.CompletedTask;
        try
        {
            await RefreshAsync(stopping);
            // Before the sampler writes anything: the last event is the last sign of life of whoever ran this release before.
            _resumed = (Now, _view.UpdatedAt);
            // Started before the release's span: sampling goes on for as long as the release runs, one tick after
            // another, and would make the release's trace grow without end.
            sampler = Task.Run(() => SampleTelemetryAsync(sampling.Token), CancellationToken.None);
            StartReleaseSpan();
            await ClaimTargetsAsync();
            while (!stopping.IsCancellationRequested && !_view.IsFinal)
            {
                var wait = await AdvanceAsync(stopping);
                var signalled = wait is { } until
                    && await _signal.WaitAsync(until == DateTimeOffset.MaxValue ? null : until - Now, _services.Time, stopping);
                await RefreshAsync(stopping, force: signalled);
            }
        }
        finally
        {
            EndInterruptedStepSpans();
            EndReleaseSpan();
            await sampling.CancelAsync();
            await sampler;
        }
    }

    /// <summary>
    /// Takes the next step the journal allows. Returns when to look again if the release must wait
    /// (<see cref="DateTimeOffset.MaxValue"/> for "until signalled"), or null to continue at once.
    /// </summary>
    private async Task<DateTimeOffset?> AdvanceAsync(CancellationToken cancellationToken)
    {
        if (_view.PendingRollback is not null)
        {
            await RollBackAsync(cancellationToken);
            return null;
        }
        switch (_view.State)
        {
            case Lifecycle.Proposed:
                await ValidateAsync(cancellationToken);
                return null;
            case Lifecycle.Validated:
                if (!await TakeTargetsAsync())
                {
                    // On one node the release that frees the targets wakes it (and a minute bounds a lost wake-up); in a
                    // cluster that release may run on another node, so the line is looked at again every few seconds.
                    return Now + (_services.Ownership.Clustered ? QueuedRecheck : QueuedRecheckAlone);
                }
                await TransitionAsync(Lifecycle.Deploying, "Deployment started", await VersionsRunningNowAsync(cancellationToken));
                return null;
            case Lifecycle.Deploying or Lifecycle.Verifying:
                if (_view.IsPaused)
                {
                    return DateTimeOffset.MaxValue;
                }
                if (_plan.IsTrain())
                {
                    return await AdvanceTrainAsync(cancellationToken);
                }
                var next = _plan.Steps().FirstOrDefault(s => !_view.IsCompleted(s.Index));
                if (next.Step is null)
                {
                    await TransitionAsync(Lifecycle.Promoted, $"Version {_release.Version} is live on every target");
                    return null;
                }
                return await RunStepAsync(next.Index, next.Stage, next.Step, cancellationToken);
            default:
                return DateTimeOffset.MaxValue;
        }
    }

    /// <param name="cancellationToken">Cancels the read.</param>
    /// <param name="force">
    /// False when no one woke the runner (its own timer did): the journal is read only if this node's stream delivered an
    /// event of the release the view lacks. Every command, the cluster follower and the lease keeper's check signal the
    /// runner, and then it reads; a runner waking for its next analysis round read the journal each round for nothing,
    /// one query per release per round.
    /// </param>
    private async Task RefreshAsync(CancellationToken cancellationToken, bool force = true)
    {
        if (!force && _view.LastSeq > 0 && FoldOwn(_services.Stream.Latest(ReleaseId, _view.LastSeq)))
        {
            return;
        }
        foreach (var journalEvent in await _services.Journal.ReadAsync(ReleaseId, _view.LastSeq, cancellationToken))
        {
            _view.Apply(journalEvent);
        }
        foreach (var seq in _ownWrites.Keys.Where(seq => seq <= _view.LastSeq))
        {
            _ownWrites.TryRemove(seq, out _);
        }
    }

    private void KeepOwn(IReadOnlyList<JournalEvent> written)
    {
        foreach (var journalEvent in written)
        {
            _ownWrites[journalEvent.Seq] = journalEvent;
        }
    }

    /// <summary>
    /// Folds the runner's own writes up to <paramref name="upTo"/> when it has every one of them; false (nothing folded)
    /// when any is someone else's (a command) or not yet known here, and the journal must be read.
    /// </summary>
    private bool FoldOwn(long upTo)
    {
        if (upTo == long.MaxValue)
        {
            return false;
        }
        for (var seq = _view.LastSeq + 1; seq <= upTo; seq++)
        {
            if (!_ownWrites.ContainsKey(seq))
            {
                return false;
            }
        }
        for (var seq = _view.LastSeq + 1; seq <= upTo; seq++)
        {
            _ownWrites.TryRemove(seq, out var journalEvent);
            _view.Apply(journalEvent!);
        }
        return true;
    }

    private async Task AppendAsync(params EventDraft[] events)
    {
        var written = await _services.Writer.AppendAsync(ReleaseId, Hold.Fence, events);
        if (written.Count > 0 && written[0].Seq > _view.LastSeq && FoldOwn(written[0].Seq - 1))
        {
            // Nothing was committed in between but the sampler's own: fold both without reading them back.
            foreach (var journalEvent in written)
            {
                _view.Apply(journalEvent);
            }
            return;
        }
        // A command or the telemetry sampler wrote in between: read everything after what the view has, in order.
        await RefreshAsync(CancellationToken.None);
    }

    private static EventDraft Engine<T>(T payload) where T : notnull => EventDraft.Of(payload, "engine");

    private async Task TransitionAsync(Lifecycle to, string? reason, IReadOnlyDictionary<string, string?>? previous = null, params EventDraft[] also)
    {
        if (_view.State == to)
        {
            if (also.Length > 0)
            {
                await AppendAsync(also);
            }
            return;
        }
        if (!ReleaseStateMachine.CanTransition(_view.State, to))
        {
            throw new InvalidOperationException($"Release {ReleaseId} cannot go from {_view.State} to {to}.");
        }
        if (to == Lifecycle.Failed && ComponentFailure() is { } component)
        {
            // In a train the reason names the component, and the event after the transition says what it stops.
            reason = $"Component {component.Component} failed: {reason}";
            also = [Engine(component), .. also];
        }
        await AppendAsync([Engine(new StateChanged(_view.State, to, reason, previous)), .. also]);
    }

    /// <summary>Fails the release and, where the plan's policy says so, asks for the rollback in the same commit.</summary>
    private Task FailAsync(string reason, bool rollBack) =>
        TransitionAsync(
            Lifecycle.Failed,
            reason,
            null,
            rollBack ? [Engine(new RollbackRequested(reason))] : []);

    private async Task<TargetContext?> TargetAsync(string name, CancellationToken cancellationToken)
    {
        if (_targets.TryGetValue(name, out var cached))
        {
            return cached;
        }
        // Settings plus decrypted secrets: the secrets exist in plain form only inside this context, handed to the driver.
        var context = await _services.TargetContexts.GetAsync(name, cancellationToken);
        if (context is null)
        {
            return null;
        }
        _targets[name] = context;
        return context;
    }
}
