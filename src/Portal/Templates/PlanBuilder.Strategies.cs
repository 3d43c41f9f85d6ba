using PortalRelease.Sdk;

namespace PortalRelease.Portal.Templates;

/// <summary>Expands a stage's strategy into driver steps, and its waves into one plan stage per wave with bake steps between.</summary>
internal sealed partial class PlanBuilder
{
    /// <summary>How long blue-green keeps the previous version warm when the template does not say.</summary>
    public static readonly TimeSpan DefaultKeepPreviousFor = TimeSpan.FromMinutes(5);

    private void AddStrategySteps(StageDefinition stage, string path, List<PlanStep> steps)
    {
        var strategy = stage.Strategy ?? new StrategyDefinition(DeploymentStrategy.Canary, 0, 0);
        var strategyPath = $"{path}.strategy.{StrategyDefinition.NameOf(strategy.Kind)}";
        switch (strategy.Kind)
        {
            case DeploymentStrategy.BlueGreen:
                AddBlueGreen(strategy, strategyPath, steps);
                break;
            case DeploymentStrategy.Rolling:
                AddRolling(strategy, strategyPath, steps);
                break;
            case DeploymentStrategy.AllAtOnce:
                steps.Add(new StrategyApplyStep(DeploymentStrategy.AllAtOnce, Cohorts.Stable, 100));
                break;
            default:
                AddCanary(stage, path, steps);
                break;
        }
    }

    private void AddCanary(StageDefinition stage, string path, List<PlanStep> steps)
    {
        for (var i = 0; i < stage.Steps.Count; i++)
        {
            var stepPath = $"{path}.steps[{i}]";
            var step = stage.Steps[i] is MirrorDefinition mirror
                ? TryResolve(mirror.Weight, $"{stepPath}.mirror", FieldSpec.Weight, out var weight)
                    ? new StrategyApplyStep(DeploymentStrategy.Canary, Cohorts.Mirror, (int)(long)weight!)
                    : null
                : BuildStep(stage.Steps[i], stepPath);
            if (step is not null)
            {
                steps.Add(step);
            }
        }
        if (stage.Steps.Count == 0)
        {
            _errors.Add(new ParameterError("", $"{path}: stage '{stage.Name}' has no steps"));
        }
        steps.Add(new PromoteStep());
    }

    private void AddBlueGreen(StrategyDefinition strategy, string path, List<PlanStep> steps)
    {
        steps.Add(new StrategyApplyStep(DeploymentStrategy.BlueGreen, Cohorts.Preview, 0));
        if (strategy.PrePromotionAnalysis is { } pre && BuildAnalysis(pre, $"{path}.prePromotionAnalysis") is { } preStep)
        {
            steps.Add(preStep);
        }
        steps.Add(new StrategyApplyStep(DeploymentStrategy.BlueGreen, Cohorts.Stable, 100));
        if (strategy.PostPromotionAnalysis is { } post && BuildAnalysis(post, $"{path}.postPromotionAnalysis") is { } postStep)
        {
            steps.Add(postStep);
        }
        var keep = DefaultKeepPreviousFor;
        if (strategy.KeepPreviousFor is { } raw && TryResolve(raw, $"{path}.keepPreviousFor", FieldSpec.PauseDuration, out var duration))
        {
            keep = (TimeSpan)duration!;
        }
        if (keep > TimeSpan.Zero)
        {
            steps.Add(new KeepWarmStep(keep));
        }
        steps.Add(new StrategyApplyStep(DeploymentStrategy.BlueGreen, Cohorts.Previous, 0));
    }

    private void AddRolling(StrategyDefinition strategy, string path, List<PlanStep> steps)
    {
        if (!TryResolve(strategy.BatchSize, $"{path}.batchSize", FieldSpec.Text, out var text))
        {
            return;
        }
        var source = Source(strategy.BatchSize!);
        if (BatchSizes.Parse((string)text!) is not { } batch)
        {
            _errors.Add(new ParameterError(source.Parameter, $"{path}.batchSize: {BatchSizes.Problem((string)text!)}{source.Suffix}"));
            return;
        }
        int? instances = null;
        if (strategy.Instances is { } rawInstances)
        {
            if (!TryResolve(rawInstances, $"{path}.instances", new FieldSpec(FieldKind.Int, 1, 100_000), out var count))
            {
                return;
            }
            instances = (int)(long)count!;
        }
        if (!batch.IsPercent && instances is null)
        {
            _errors.Add(new ParameterError(source.Parameter, $"{path}.batchSize: a batch of {batch.Describe()} needs 'instances:'{source.Suffix}"));
            return;
        }
        AnalysisStep? analysis = strategy.BatchAnalysis is { } a ? BuildAnalysis(a, $"{path}.analysis") : null;
        PauseStep? pause = null;
        if (strategy.BatchPause is { } rawPause && TryResolve(rawPause, $"{path}.pause", FieldSpec.PauseDuration, out var pauseFor))
        {
            pause = new PauseStep((TimeSpan)pauseFor!);
        }
        var weights = batch.Weights(instances);
        for (var i = 0; i < weights.Count; i++)
        {
            steps.Add(new StrategyApplyStep(DeploymentStrategy.Rolling, Cohorts.Stable, weights[i]));
            if (i == weights.Count - 1)
            {
                break;
            }
            if (analysis is not null)
            {
                steps.Add(analysis);
            }
            if (pause is not null)
            {
                steps.Add(pause);
            }
        }
    }

    /// <summary>
    /// One plan stage per wave (or <paramref name="whole"/> itself without waves). The stage's gate steps (the first
    /// <paramref name="gateSteps"/>) run before the first wave only; later waves start with the bake time.
    /// </summary>
    private List<PlanStage> SplitWaves(StageDefinition stage, string path, List<string> targets, int gateSteps, PlanStage whole)
    {
        var strategy = stage.Strategy?.Kind ?? DeploymentStrategy.Canary;
        if (stage.Waves is not { Count: > 0 } waves)
        {
            return [whole with { Strategy = strategy, Component = stage.Component, DependsOn = stage.DependsOn }];
        }
        TimeSpan? bake = null;
        if (stage.BakeTime is { } raw && TryResolve(raw, $"{path}.bakeTime", FieldSpec.PauseDuration, out var duration))
        {
            bake = (TimeSpan)duration!;
        }
        if (targets.Count != waves.Sum(w => w.Targets.Count))
        {
            // A target failed to resolve; its error is recorded and the plan is not built.
            return [];
        }
        var result = new List<PlanStage>();
        var offset = 0;
        for (var w = 0; w < waves.Count; w++)
        {
            var waveTargets = targets.Skip(offset).Take(waves[w].Targets.Count).ToList();
            offset += waves[w].Targets.Count;
            var steps = new List<PlanStep>();
            if (w == 0)
            {
                steps.AddRange(whole.Steps);
            }
            else
            {
                if (bake is { } b && b > TimeSpan.Zero)
                {
                    steps.Add(new BakeStep(b, w + 1));
                }
                steps.AddRange(whole.Steps.Skip(gateSteps));
            }
            result.Add(whole with
            {
                Targets = waveTargets,
                Steps = steps,
                Strategy = strategy,
                Wave = w + 1,
                WaveCount = waves.Count,
                Component = stage.Component,
                DependsOn = stage.DependsOn,
            });
        }
        return result;
    }
}
