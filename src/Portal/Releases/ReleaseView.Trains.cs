using PortalRelease.Portal.Releases.Journal;

namespace PortalRelease.Portal.Releases;

/// <summary>A release train's lanes: several steps may be in flight at once, one per component running.</summary>
public sealed partial class ReleaseView
{
    private readonly Dictionary<int, StepStarted> _startedSteps = [];

    /// <summary>
    /// Steps started and not completed, in plan order: one at most in a plan without components, one per running
    /// component in a train. A new list on every change, so the telemetry sampler may read it from its own task.
    /// </summary>
    public IReadOnlyList<int> InFlightSteps { get; private set; } = [];

    /// <summary>The component whose failure failed the release, with what it stopped; null unless a train failed.</summary>
    public ComponentFailed? FailedComponent { get; private set; }

    /// <summary>How step <paramref name="index"/> was journaled when it started (its stage and description), if it started.</summary>
    public StepStarted? StartedStep(int index) => _startedSteps.GetValueOrDefault(index);

    private void ApplyTrains(JournalEvent e)
    {
        switch (e.Type)
        {
            case nameof(StepStarted):
                var started = e.Payload<StepStarted>();
                _startedSteps[started.Index] = started;
                InFlightSteps = [.. _started.Where(i => !_completed.Contains(i)).Order()];
                break;
            case nameof(StepCompleted):
                InFlightSteps = [.. _started.Where(i => !_completed.Contains(i)).Order()];
                break;
            case nameof(ComponentFailed):
                FailedComponent = e.Payload<ComponentFailed>();
                break;
            default:
                break;
        }
    }

    /// <summary>
    /// The progress of <paramref name="target"/> in one component of a train: the component's own driver calls (a
    /// target shared with a component before it is not "live" for this one yet) and any rollback of the target.
    /// </summary>
    public TargetProgress ProgressOf(string target, IReadOnlySet<int> componentSteps) =>
        ProgressWhere(target, a => a.Action == "rollback" || (Engine.ActionKeys.StepOf(a.Key) is { } step && componentSteps.Contains(step)));
}
