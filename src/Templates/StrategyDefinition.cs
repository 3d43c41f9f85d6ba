using PortalRelease.Sdk;

namespace PortalRelease.Portal.Templates;

/// <summary>
/// A stage's <c>strategy:</c> as written. Canary takes its steps from the stage's <c>steps:</c>; blue-green and
/// rolling carry their own options; raw values may be placeholders.
/// </summary>
public sealed record StrategyDefinition(DeploymentStrategy Kind, int Line, int Column)
{
    /// <summary>Blue-green: analysis of the preview before the switch.</summary>
    public AnalysisDefinition? PrePromotionAnalysis { get; init; }

    /// <summary>Blue-green: analysis of the new version after the switch, while the previous one is still warm.</summary>
    public AnalysisDefinition? PostPromotionAnalysis { get; init; }

    /// <summary>Blue-green: how long the previous version keeps running after the switch (a duration); null means the default.</summary>
    public string? KeepPreviousFor { get; init; }

    /// <summary>Rolling: instances replaced per batch, a percentage (<c>25%</c>) or a count (<c>2</c>, needs <see cref="Instances"/>).</summary>
    public string? BatchSize { get; init; }

    /// <summary>Rolling: how many instances each target runs; turns a batch count into the percentage the driver receives.</summary>
    public string? Instances { get; init; }

    /// <summary>Rolling: analysis run after every batch but the last.</summary>
    public AnalysisDefinition? BatchAnalysis { get; init; }

    /// <summary>Rolling: a pause (duration) after every batch but the last.</summary>
    public string? BatchPause { get; init; }

    /// <summary>The strategy's name as templates write it.</summary>
    public static string NameOf(DeploymentStrategy kind) => kind switch
    {
        DeploymentStrategy.BlueGreen => "blueGreen",
        DeploymentStrategy.Rolling => "rolling",
        DeploymentStrategy.AllAtOnce => "allAtOnce",
        _ => "canary",
    };
}

/// <summary>One wave of a stage: targets deployed together; waves run in order with the stage's bake time between them.</summary>
public sealed record WaveDefinition(IReadOnlyList<string> Targets, int Line, int Column)
{
    /// <summary>Where each entry of <see cref="Targets"/> was written (same order).</summary>
    public IReadOnlyList<TemplateLocation> Locations { get; init; } = [];
}

/// <summary>A <c>mirror: W</c> canary step: copy W percent of live traffic to the new version, discarding its responses.</summary>
public sealed record MirrorDefinition(string Weight, int Line, int Column) : StepDefinition(Line, Column);

/// <summary>What an automatic rollback after a failed wave or component returns (<c>rollback.scope</c>).</summary>
public enum RollbackScope
{
    /// <summary>Every target the release changed (the default).</summary>
    All,

    /// <summary>Only the targets of the wave that failed; earlier waves keep the new version.</summary>
    Wave,

    /// <summary>In a release train, only the failed component's targets (and those of components it stopped part-way); components that completed keep the new version.</summary>
    Component,
}
