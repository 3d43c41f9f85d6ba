using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Portal.Slos;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Releases.Engine;

/// <summary>
/// Release trains: each component is a lane whose steps run strictly in order; a lane is ready once every component
/// it depends on completed all its steps, and ready lanes advance side by side. The runner stays one loop over one
/// view and one journal: each pass runs the next step of every ready lane in turn (a step that waits — a pause, an
/// analysis round, a bake, an approval — returns at once with when to look again), then sleeps until the earliest of
/// their waits. Driver calls of two lanes therefore interleave rather than overlap, and every effect is still journaled
/// intended → call → done in one order, so a restart resumes every lane where the journal left it.
/// </summary>
public sealed partial class ReleaseRunner
{
    /// <summary>The step the train pass is running now: a failure journaled meanwhile names its component.</summary>
    private int? _lane;

    /// <summary>One pass over the ready lanes; null to look again at once, otherwise the earliest wait of them all.</summary>
    private async Task<DateTimeOffset?> AdvanceTrainAsync(CancellationToken cancellationToken)
    {
        var lanes = ReadyLanes();
        if (lanes.Count == 0)
        {
            if (_plan.Steps().All(s => _view.IsCompleted(s.Index)))
            {
                await TransitionAsync(Lifecycle.Promoted, $"Version {_release.Version} is live on every target");
                return null;
            }
            // Unreachable for a graph without cycles (the template reader refuses them): some lane is always ready.
            return DateTimeOffset.MaxValue;
        }
        DateTimeOffset earliest = DateTimeOffset.MaxValue;
        var progressed = false;
        foreach (var (index, stage, step) in lanes)
        {
            DateTimeOffset? wait;
            if (HeldWithAnotherLane(index, stage, step) is { } held)
            {
                wait = held;
            }
            else
            {
                _lane = index;
                try
                {
                    wait = await RunStepAsync(index, stage, step, cancellationToken);
                }
                finally
                {
                    _lane = null;
                }
            }
            if (!LanesMayRun)
            {
                // A failure, rollback, abort or pause: the other lanes stop at this step boundary.
                if (_view.State == Lifecycle.Failed || _view.PendingRollback is not null)
                {
                    EndStepSpan("The release stopped: a component failed or a rollback was requested.");
                }
                return null;
            }
            if (wait is { } until)
            {
                earliest = until < earliest ? until : earliest;
            }
            else
            {
                progressed = true;
            }
        }
        return progressed ? null : earliest;
    }

    private bool LanesMayRun =>
        _view.PendingRollback is null && !_view.IsPaused && _view.State is Lifecycle.Deploying or Lifecycle.Verifying;

    /// <summary>Each component's first step not completed, for the components whose dependencies all completed.</summary>
    private List<(int Index, PlanStage Stage, PlanStep Step)> ReadyLanes()
    {
        var lanes = new List<(int Index, PlanStage Stage, PlanStep Step)>();
        foreach (var component in _plan.Components())
        {
            if (!IsComponentDone(component) && _plan.DependenciesOf(component).All(IsComponentDone))
            {
                lanes.Add(_plan.StepsOf(component).First(s => !_view.IsCompleted(s.Index)));
            }
        }
        return lanes;
    }

    private bool IsComponentDone(string component) => _plan.StepsOf(component).All(s => _view.IsCompleted(s.Index));

    private bool HasComponentStarted(string component) => _plan.StepsOf(component).Any(s => _view.HasStarted(s.Index));

    /// <summary>
    /// A gate holds the whole train alike: while the journal says another lane's next step waits for the calendar of
    /// the same environment, or for the error budget (which holds the release's first steps), this lane's next step
    /// waits with it without journaling a wait of its own — otherwise two held lanes would take turns rewriting the
    /// one <see cref="WindowWaiting"/> the release page and the override endpoint read.
    /// </summary>
    private DateTimeOffset? HeldWithAnotherLane(int index, PlanStage stage, PlanStep step)
    {
        if (step is ApprovalStep || _view.HasStarted(index) || _view.WindowWait is not { } waiting || waiting.Index == index
            || _view.HasStarted(waiting.Index) || IsWindowOverridden(stage))
        {
            return null;
        }
        if (SloText.IsFrozen(waiting.Reason))
        {
            return ErrorBudgetGateHolds ? DateTimeOffset.MaxValue : null;
        }
        if (waiting.Environment != stage.EnvironmentName())
        {
            return null;
        }
        var check = _services.Gates.Check(waiting.Environment, Now);
        return check.IsOpen || check.Reason != waiting.Reason ? null : check.OpensAt ?? DateTimeOffset.MaxValue;
    }

    /// <summary>
    /// Whether the calendar of <paramref name="stage"/> was overridden. Outside trains (and for the stage named in the
    /// override) that is the override of the stage itself. In a train a lane held with another lane's wait journals no
    /// wait of its own, so the operator sees and overrides only that one; once it was overridden the held lane found
    /// no wait to hold with and journaled a fresh WindowWaiting for its own stage, so one release needed an override
    /// per lane. The override therefore also covers another component's first stage in the same environment: the
    /// stage its lane was held at. Later stages in that environment still wait for their own override, as outside trains.
    /// </summary>
    private bool IsWindowOverridden(PlanStage stage)
    {
        if (_view.IsOverridden(stage.Name, GateNames.Window))
        {
            return true;
        }
        if (!_plan.IsTrain() || stage.Component is not { } component)
        {
            return false;
        }
        var environment = stage.EnvironmentName();
        var first = _plan.StepsOf(component).FirstOrDefault(s => s.Stage.EnvironmentName() == environment).Stage;
        return first?.Name == stage.Name && _view.Overrides.Any(o => o.Override.Gate == GateNames.Window
            && StageAt(o.Override.Index) is { } overridden && overridden.Component != component && overridden.EnvironmentName() == environment);
    }

    private PlanStage? StageAt(int index) => _plan.Steps().FirstOrDefault(s => s.Index == index).Stage;

    /// <summary>
    /// The phase a starting step puts the release in. Outside trains: Verifying for an analysis, Deploying otherwise.
    /// In a train the release is Verifying while any lane analyses: a step starting beside an analysis in flight keeps
    /// Verifying, and the release returns to Deploying only when a step starts with no analysis in flight. The phase
    /// changes only as steps start, like outside trains, so it never flip-flops between the lanes of one pass.
    /// </summary>
    private Lifecycle PhaseFor(int index, PlanStep step)
    {
        if (step is AnalysisStep)
        {
            return Lifecycle.Verifying;
        }
        if (!_plan.IsTrain())
        {
            return Lifecycle.Deploying;
        }
        var analysing = _view.InFlightSteps.Any(i => i != index && !_view.Verdicts.ContainsKey(i) && StepAt(i) is AnalysisStep);
        return analysing ? Lifecycle.Verifying : Lifecycle.Deploying;
    }

    private PlanStep? StepAt(int index) => _plan.Steps().FirstOrDefault(s => s.Index == index).Step;

    /// <summary>
    /// When a train's lane fails the release, the event saying which component failed and what it stops, journaled in
    /// the same commit as the failure (so a restart always knows which component's targets a rollback returns).
    /// </summary>
    private ComponentFailed? ComponentFailure()
    {
        if (_lane is not { } index || _plan.Steps().FirstOrDefault(s => s.Index == index).Stage?.Component is not { } component)
        {
            return null;
        }
        var dependants = _plan.DependantsOf(component);
        var others = _plan.Components().Where(c => c != component && !dependants.Contains(c)).ToList();
        var halted = others.Where(c => HasComponentStarted(c) && !IsComponentDone(c)).ToList();
        var notStarted = others.Where(c => !HasComponentStarted(c)).ToList();
        return new ComponentFailed(component, index, dependants, halted, notStarted);
    }

    /// <summary>Targets of the components other than the failed one that a failure stopped part-way: they cannot keep half a rollout.</summary>
    private List<string> HaltedTargets()
    {
        if (_view.FailedComponent is not { } failed)
        {
            return [];
        }
        return failed.Halted.SelectMany(_plan.TargetsOf).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The targets the telemetry sampler reads, each with the step whose analysis its charts follow: the current step's
    /// stage, or in a train the stage of every step in flight (every running component). Runs on the sampler's task:
    /// <see cref="ReleaseView.InFlightSteps"/> is an immutable snapshot.
    /// </summary>
    private List<(int Index, string Target)> SampledTargets(int current)
    {
        IReadOnlyList<int> steps = _plan.IsTrain() && _view.InFlightSteps is { Count: > 0 } inFlight ? inFlight : [current];
        return _plan.Steps()
            .Where(s => steps.Contains(s.Index))
            .SelectMany(s => s.Stage.Targets.Select(t => (s.Index, t)))
            .DistinctBy(s => s.t, StringComparer.Ordinal)
            .ToList();
    }
}
