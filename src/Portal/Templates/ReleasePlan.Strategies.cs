using PortalRelease.Sdk;

namespace PortalRelease.Portal.Templates;

public sealed partial record PlanStage
{
    /// <summary>How the stage moves its targets; canary in plans stored before strategies existed.</summary>
    public DeploymentStrategy Strategy { get; init; } = DeploymentStrategy.Canary;

    /// <summary>This stage's wave, 1-based, when its template stage ran in waves; 0 when it did not.</summary>
    public int Wave { get; init; }

    /// <summary>How many waves the template stage has; 0 when it had none.</summary>
    public int WaveCount { get; init; }

    /// <summary>In a release train, the component this stage belongs to; null otherwise.</summary>
    public string? Component { get; init; }

    /// <summary>In a release train, the components that ran before this stage's component because it depends on them.</summary>
    public IReadOnlyList<string> DependsOn { get; init; } = [];

    /// <summary>"prod", "prod · wave 2/3", "api / prod · wave 2/3".</summary>
    public string DisplayName() => (Component is null ? "" : $"{Component} / ") + (Wave == 0 ? Name : $"{Name} · wave {Wave}/{WaveCount}");
}

/// <summary>
/// One driver call on every target of the stage with an explicit strategy, cohort and weight (their meaning is
/// <see cref="DeploymentStrategy"/>'s): a mirror, a blue-green preview, switch or retirement, a rolling batch, an
/// all-at-once replacement.
/// </summary>
public sealed record StrategyApplyStep(DeploymentStrategy Strategy, string Cohort, int Weight) : PlanStep
{
    /// <summary>Whether this call makes the new version serve all live traffic (the stage's promotion).</summary>
    public bool Promotes => Cohort == Cohorts.Stable && Weight == 100;

    public override string Describe() => (Strategy, Cohort) switch
    {
        (DeploymentStrategy.Canary, Cohorts.Mirror) => $"Mirror {Weight}% of traffic to the new version (responses discarded)",
        (DeploymentStrategy.BlueGreen, Cohorts.Preview) => "Deploy the new version as preview (no live traffic)",
        (DeploymentStrategy.BlueGreen, Cohorts.Stable) => "Switch all traffic to the new version; the previous one keeps running",
        (DeploymentStrategy.BlueGreen, Cohorts.Previous) => "Retire the previous version",
        (DeploymentStrategy.Rolling, _) when Weight >= 100 => "Replace the last batch: every instance runs the new version",
        (DeploymentStrategy.Rolling, _) => $"Replace a batch: {Weight}% of instances run the new version",
        (DeploymentStrategy.AllAtOnce, _) => "Replace every instance at once",
        _ => $"Apply the new version to {Cohort} at {Weight}%",
    };
}

/// <summary>Wait <see cref="Duration"/> after a wave before starting wave <see cref="NextWave"/>.</summary>
public sealed record BakeStep(TimeSpan Duration, int NextWave) : PlanStep
{
    public override string Describe() => $"Bake for {Durations.Format(Duration)} before wave {NextWave}";
}

/// <summary>Blue-green: keep the previous version running for <see cref="Duration"/>, so a rollback is a switch back.</summary>
public sealed record KeepWarmStep(TimeSpan Duration) : PlanStep
{
    public override string Describe() => $"Keep the previous version warm for {Durations.Format(Duration)} (a rollback switches back instantly)";
}
