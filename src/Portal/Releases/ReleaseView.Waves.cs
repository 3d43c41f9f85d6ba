using PortalRelease.Portal.Releases.Journal;

namespace PortalRelease.Portal.Releases;

/// <summary>Where one target of the release stands, folded from its driver actions.</summary>
public enum TargetPhase
{
    /// <summary>No action was taken on the target yet.</summary>
    Pending,

    /// <summary>Some of the new version is deployed (canary, preview, mirror or a batch), not all traffic yet.</summary>
    InProgress,

    /// <summary>The new version serves all traffic on the target.</summary>
    Live,

    /// <summary>An action on the target failed.</summary>
    Failed,

    /// <summary>The target was returned to the version it ran before.</summary>
    RolledBack,
}

/// <summary>One target's progress: its phase and the last action confirmed on it.</summary>
public sealed record TargetProgress(string Target, TargetPhase Phase, ActionIntended? LastAction);

public sealed partial class ReleaseView
{
    /// <summary>The progress of <paramref name="target"/>, from the actions intended, done and failed on it, in order.</summary>
    public TargetProgress ProgressOf(string target) => ProgressWhere(target, null);

    /// <summary>The progress of <paramref name="target"/> from the actions <paramref name="include"/> selects (all when null).</summary>
    private TargetProgress ProgressWhere(string target, Func<ActionIntended, bool>? include)
    {
        var phase = TargetPhase.Pending;
        ActionIntended? last = null;
        // Intended actions are folded once each, in journal order.
        foreach (var action in _intended.Values.Where(a => a.Target == target && (include is null || include(a))))
        {
            if (_failed.ContainsKey(action.Key))
            {
                phase = TargetPhase.Failed;
                continue;
            }
            if (!_done.ContainsKey(action.Key))
            {
                continue;
            }
            last = action;
            phase = action switch
            {
                { Action: "rollback" } => TargetPhase.RolledBack,
                { Cohort: "stable", Weight: 100 } => TargetPhase.Live,
                _ when phase == TargetPhase.Live => TargetPhase.Live,
                _ => TargetPhase.InProgress,
            };
        }
        return new TargetProgress(target, phase, last);
    }
}
