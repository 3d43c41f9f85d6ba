namespace PortalRelease.Sdk;

/// <summary>
/// Optional: a target driver that can say what an apply would do without doing it. The portal shows the plan before a
/// release starts (<c>GET /api/targets/{name}/dry-run</c>). Drivers that do not implement it simply have no dry run.
/// </summary>
public interface IDryRunDriver
{
    /// <summary>
    /// Describes, in order, what <see cref="ITargetDriver.ApplyAsync"/> would do for <paramref name="request"/> now.
    /// Must change nothing on the target. Failures (bad settings, an unreachable target, a request the apply would
    /// refuse) are reported by throwing <see cref="DriverException"/>, with the message the apply would give.
    /// </summary>
    /// <param name="target">The target the apply would act on.</param>
    /// <param name="request">The apply to plan.</param>
    /// <param name="cancellationToken">Cancels the planning.</param>
    Task<DryRunPlan> PlanAsync(TargetContext target, ApplyRequest request, CancellationToken cancellationToken);
}
