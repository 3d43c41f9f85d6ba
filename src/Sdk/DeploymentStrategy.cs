namespace PortalRelease.Sdk;

/// <summary>
/// How a release moves a target to a new version. The portal only asks a driver for a strategy its
/// <see cref="ITargetDriver.Capabilities"/> declare; templates that need another are rejected at import.
/// </summary>
public enum DeploymentStrategy
{
    /// <summary>
    /// A canary cohort receives <see cref="ApplyRequest.Weight"/> percent of live traffic (<see cref="Cohorts.Canary"/>),
    /// or a mirrored copy of it (<see cref="Cohorts.Mirror"/>); <see cref="Cohorts.Stable"/> at 100 promotes.
    /// </summary>
    Canary = 0,

    /// <summary>
    /// The version is deployed beside the live one as <see cref="Cohorts.Preview"/> (weight 0, no live traffic);
    /// <see cref="Cohorts.Stable"/> at 100 switches all traffic to it while the previous version stays running,
    /// so a rollback is a switch back; <see cref="Cohorts.Previous"/> at 0 retires the previous version.
    /// </summary>
    BlueGreen = 1,

    /// <summary>
    /// Instances are replaced in batches: <see cref="Cohorts.Stable"/> with <see cref="ApplyRequest.Weight"/> as the
    /// percentage of instances that run the new version after the call; 100 completes the rollout.
    /// </summary>
    Rolling = 2,

    /// <summary>Every instance is replaced in one step: <see cref="Cohorts.Stable"/> at 100.</summary>
    AllAtOnce = 3,
}
