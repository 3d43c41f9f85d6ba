using PortalRelease.Sdk;

namespace PortalRelease.Portal.Releases.Engine;

public sealed partial class ReleaseRunner
{
    /// <summary>How a driver call is named in logs and failure messages.</summary>
    private string DescribeApply(DeploymentStrategy strategy, string cohort, int weight, string target) => (strategy, cohort) switch
    {
        (DeploymentStrategy.Canary, Cohorts.Stable) => $"Promoting {_release.Version} on '{target}'",
        (DeploymentStrategy.Canary, Cohorts.Mirror) => $"Mirroring {weight}% of traffic to {_release.Version} on '{target}'",
        (DeploymentStrategy.Canary, _) => $"Setting canary weight {weight}% on '{target}'",
        (DeploymentStrategy.BlueGreen, Cohorts.Preview) => $"Deploying {_release.Version} as preview on '{target}'",
        (DeploymentStrategy.BlueGreen, Cohorts.Stable) => $"Switching traffic to {_release.Version} on '{target}'",
        (DeploymentStrategy.BlueGreen, _) => $"Retiring the previous version on '{target}'",
        (DeploymentStrategy.Rolling, _) => $"Rolling {_release.Version} to {weight}% of instances on '{target}'",
        _ => $"Replacing every instance with {_release.Version} on '{target}'",
    };
}
