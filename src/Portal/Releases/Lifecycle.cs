namespace PortalRelease.Portal.Releases;

/// <summary>
/// Proposed → Validated → Deploying ⇄ Verifying → Promoted, or → Failed → RolledBack; Aborted when a person stops it.
/// Paused and awaiting a person are sub-states shown beside these, not lifecycle states.
/// </summary>
public enum Lifecycle
{
    Proposed,
    Validated,
    Deploying,
    Verifying,
    Promoted,
    Failed,
    RolledBack,
    Aborted,
}

/// <summary>The lifecycle states as the journal writes them (<c>StateChanged.to</c>), for queries over it.</summary>
public static class LifecycleStates
{
    /// <summary>
    /// The states a release settles in: once its newest lifecycle event names one, it holds no target and waits for
    /// none (a rollback asked for later undoes without taking targets).
    /// </summary>
    public static IReadOnlyCollection<string> Final { get; } =
        [nameof(Lifecycle.Promoted), nameof(Lifecycle.RolledBack), nameof(Lifecycle.Aborted), nameof(Lifecycle.Failed)];
}
