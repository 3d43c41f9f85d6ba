namespace PortalRelease.Sdk;

/// <summary>
/// Optional: a target driver whose apply or rollback legitimately waits for the target to converge (a rollout becoming
/// ready, a code update finishing) and so may outlast the portal's default per-call timeout. The portal then allows
/// each attempt of <see cref="ITargetDriver.ApplyAsync"/> and <see cref="ITargetDriver.RollbackAsync"/> on the target
/// at least this long instead of cutting the call short and re-issuing it. Drivers that do not implement it get the
/// portal's timeout.
/// </summary>
public interface ILongRunningDriver
{
    /// <summary>
    /// The longest one apply or rollback on <paramref name="target"/> may take, including the driver's own waits and
    /// retries: typically the wait bound the target's settings name plus a margin for the calls around it. The driver
    /// must itself end every call within it (failing with a <see cref="DriverException"/> that says how far it got).
    /// Read from the settings only, offline and fast; invalid settings may return <see cref="TimeSpan.Zero"/>.
    /// </summary>
    /// <param name="target">The target the call is for.</param>
    TimeSpan GetCallBudget(TargetContext target);
}
