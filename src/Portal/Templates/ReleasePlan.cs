using System.Text.Json.Serialization;

namespace PortalRelease.Portal.Templates;

/// <summary>
/// A template with every parameter substituted: exactly what the engine will do, in order. Stored with the
/// release when it is created, so later template versions never change a running release.
/// </summary>
public sealed partial record ReleasePlan(IReadOnlyList<PlanStage> Stages, RollbackPolicy Rollback)
{
    /// <summary>The service this release ships, which incidents name; null in plans stored before it existed (use the template's name).</summary>
    public string? Service { get; init; }

    /// <summary>Every step of every stage in execution order, with its global index.</summary>
    public IEnumerable<(int Index, PlanStage Stage, PlanStep Step)> Steps()
    {
        var index = 0;
        foreach (var stage in Stages)
        {
            foreach (var step in stage.Steps)
            {
                yield return (index++, stage, step);
            }
        }
    }

    public int StepCount => Stages.Sum(s => s.Steps.Count);
}

public sealed partial record PlanStage(string Name, IReadOnlyList<string> Targets, IReadOnlyList<PlanStep> Steps);

[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(SetWeightStep), "setWeight")]
[JsonDerivedType(typeof(PauseStep), "pause")]
[JsonDerivedType(typeof(AnalysisStep), "analysis")]
[JsonDerivedType(typeof(PromoteStep), "promote")]
[JsonDerivedType(typeof(ApprovalStep), "approval")]
[JsonDerivedType(typeof(StrategyApplyStep), "strategyApply")]
[JsonDerivedType(typeof(BakeStep), "bake")]
[JsonDerivedType(typeof(KeepWarmStep), "keepWarm")]
public abstract record PlanStep
{
    /// <summary>A short human description for the plan preview and the timeline.</summary>
    public abstract string Describe();
}

/// <summary>Route <see cref="Weight"/> percent of each target's traffic to the new version (canary cohort).</summary>
public sealed record SetWeightStep(int Weight) : PlanStep
{
    public override string Describe() => $"Set canary weight to {Weight}%";
}

/// <summary>Wait for <see cref="Duration"/>, or until resumed by a person when null.</summary>
public sealed record PauseStep(TimeSpan? Duration) : PlanStep
{
    public override string Describe() => Duration is { } d ? $"Pause for {Durations.Format(d)}" : "Pause until resumed";
}

/// <summary>
/// Measure a canary metric every <see cref="Interval"/>, <see cref="Count"/> times, against bounds, the baseline, or
/// both. Fails when more than <see cref="FailureLimit"/> measurements fail or <see cref="ConsecutiveFailureLimit"/>
/// fail in a row; is inconclusive (and pauses for a person) when a target has more than
/// <see cref="InconclusiveLimit"/> (default: <see cref="Count"/>) inconclusive measurements.
/// </summary>
public sealed record AnalysisStep(
    string Metric,
    string? Provider,
    double? Max,
    double? Min,
    TimeSpan Interval,
    int Count,
    int FailureLimit,
    long MinSampleSize,
    int? ConsecutiveFailureLimit = null,
    int? InconclusiveLimit = null,
    AnalysisBaseline? Baseline = null) : PlanStep
{
    /// <summary>The inconclusive limit in force: the one written, or <see cref="Count"/>.</summary>
    public int InconclusiveLimitOrDefault() => InconclusiveLimit ?? Count;

    public override string Describe()
    {
        var bound = (Max, Min) switch
        {
            ({ } max, { } min) => $"between {min} and {max}",
            ({ } max, null) => $"≤ {max}",
            (null, { } min) => $"≥ {min}",
            _ => null,
        };
        var condition = (bound, Baseline) switch
        {
            ({ } b, { } baseline) => $"{b} and {baseline.Describe()}",
            (null, { } baseline) => baseline.Describe(),
            ({ } b, null) => b,
            _ => "recorded",
        };
        var failures = $"{FailureLimit + 1} failure{(FailureLimit == 0 ? "" : "s")}";
        var failAfter = ConsecutiveFailureLimit switch
        {
            { } row when FailureLimit >= Count => $"{row} failure{(row == 1 ? "" : "s")} in a row",
            { } row => $"{failures} or {row} in a row",
            null => failures,
        };
        var inconclusive = InconclusiveLimit is { } limit && limit < Count ? $", pause after {limit + 1} inconclusive" : "";
        return $"Analyse {Metric} {condition}: {Count} × every {Durations.Format(Interval)}, fail after {failAfter}{inconclusive}";
    }
}

/// <summary>Make the new version the stable one on every target of the stage (100% traffic).</summary>
public sealed record PromoteStep : PlanStep
{
    public override string Describe() => "Promote: the new version becomes stable";
}
