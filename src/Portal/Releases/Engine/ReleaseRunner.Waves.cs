using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Releases.Engine;

public sealed partial class ReleaseRunner
{
    /// <summary>
    /// The targets a rollback returns: every target the release changed, or, when the engine rolls back after a
    /// failure under <c>rollback.scope: wave</c> or <c>component</c>, only the failed wave's or component's targets
    /// (earlier waves and components that completed keep the new version). In a train, components stopped part-way
    /// beside the failed one are returned too: they cannot keep half a rollout. A person's rollback or abort always
    /// covers everything.
    /// </summary>
    private List<string> RollbackTargets(ReleaseView.RollbackRequest request)
    {
        var touched = _view.IntendedActions.Where(a => a.Action == "apply").Select(a => a.Target).Distinct().ToList();
        if (request.IsAbort || request.By is not (null or "engine"))
        {
            return touched;
        }
        IReadOnlyList<string>? failed = _plan.Rollback.Scope switch
        {
            RollbackScope.Wave => FailedWave()?.Targets,
            RollbackScope.Component => _view.FailedComponent is { } component ? _plan.TargetsOf(component.Component) : null,
            _ => null,
        };
        if (failed is null)
        {
            return touched;
        }
        var returned = failed.Concat(HaltedTargets()).ToHashSet(StringComparer.Ordinal);
        return touched.Where(returned.Contains).ToList();
    }

    /// <summary>
    /// The wave stage holding the first step not completed, when the release runs in waves; in a train, the first
    /// step not completed of the component that failed.
    /// </summary>
    private PlanStage? FailedWave()
    {
        var steps = _plan.IsTrain() ? _view.FailedComponent is { } failed ? _plan.StepsOf(failed.Component) : [] : _plan.Steps();
        var next = steps.FirstOrDefault(s => !_view.IsCompleted(s.Index));
        return next.Stage is { Wave: > 0 } stage ? stage : null;
    }
}
