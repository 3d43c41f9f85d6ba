namespace PortalRelease.Portal.Templates;

public sealed partial record StageDefinition
{
    /// <summary>How the stage moves its targets; canary (with <see cref="Steps"/>) when the template names none.</summary>
    public StrategyDefinition? Strategy { get; init; }

    /// <summary>The stage's targets in waves run in order; null when the stage lists plain <c>targets:</c> (one wave).</summary>
    public IReadOnlyList<WaveDefinition>? Waves { get; init; }

    /// <summary>The wait between two waves (a duration, may be a placeholder); null for none.</summary>
    public string? BakeTime { get; init; }

    /// <summary>In a release train, the component this stage belongs to; null otherwise.</summary>
    public string? Component { get; init; }

    /// <summary>In a release train, the components this stage's component depends on.</summary>
    public IReadOnlyList<string> DependsOn { get; init; } = [];
}

public sealed partial record RollbackPolicy
{
    /// <summary>What an automatic rollback returns after a failure: the failed wave only, or everything (the default).</summary>
    public RollbackScope Scope { get; init; } = RollbackScope.All;
}
