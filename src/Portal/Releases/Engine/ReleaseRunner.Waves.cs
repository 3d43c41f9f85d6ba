using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Releases.Engine;

public sealed partial class ReleaseRunner
{
    /// <summary>
    /// The targets a rollback returns: every target the release changed, or, when the engine rolls back a failed wave
    /// under <c>rollback.scope: wave</c>, only that wave's targets (earlier waves keep the new version). A person's
    /// rollback or abort always covers everything.
    /// </summary>
    private List<string> RollbackTargets(ReleaseView.RollbackRequest request)
    {
        var touched = _view.IntendedActions.Where(a => a.Action == "apply").Select(a => a.Target).Distinct().ToList();
        if (_plan.Rollback.Scope != RollbackScope.Wave || request.IsAbort || request.By is not (null or "engine")
            || FailedWave() is not { } wave)
        {
            return touched;
        }
        return touched.Where(t => wave.Targets.Contains(t, StringComparer.Ordinal)).ToList();
    }

    /// <summary>The wave stage holding the first step not completed, when the release runs in waves.</summary>
    private PlanStage? FailedWave()
    {
        var next = _plan.Steps().FirstOrDefault(s => !_view.IsCompleted(s.Index));
        return next.Stage is { Wave: > 0 } stage ? stage : null;
    }
}
