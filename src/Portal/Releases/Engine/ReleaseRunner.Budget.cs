using PortalRelease.Sdk;

namespace PortalRelease.Portal.Releases.Engine;

public sealed partial class ReleaseRunner
{
    /// <summary>
    /// How long one apply or rollback attempt may take when the driver waits for its target to converge
    /// (<see cref="ILongRunningDriver"/>, e.g. a Kubernetes rollout): cutting such a call at the portal's default timeout
    /// would only re-issue it to wait again, and fail the step after the retries although the rollout was fine.
    /// </summary>
    private TimeSpan? CallBudget(string action, TargetContext target)
    {
        if (action is not ("apply" or "rollback") || _services.Plugins.FindDriver(target.Kind) is not ILongRunningDriver driver)
        {
            return null;
        }
        try
        {
            var budget = driver.GetCallBudget(target);
            return budget > TimeSpan.Zero ? budget : null;
        }
        catch (Exception error)
        {
            // A plugin's bug costs it its budget, never the release: the call still runs with the portal's timeout.
            _logger.LogWarning("The driver of kind {Kind} failed to name its call budget for target {Target}: {Error}", target.Kind, target.Name, Targets.KnownSecrets.Redact(error.Message));
            return null;
        }
    }
}
