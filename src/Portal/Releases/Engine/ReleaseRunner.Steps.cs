using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Portal.Templates;
using PortalRelease.Sdk;

namespace PortalRelease.Portal.Releases.Engine;

public sealed partial class ReleaseRunner
{
    private async Task<DateTimeOffset?> RunStepAsync(int index, PlanStage stage, PlanStep step, CancellationToken cancellationToken)
    {
        if (await HoldForCalendarAsync(index, stage, step) is { } closed)
        {
            return closed;
        }
        if (await HoldForErrorBudgetAsync(index, stage, step, cancellationToken) is { } frozen)
        {
            return frozen;
        }
        EnterStepSpan(index, stage, step);
        if (!_view.HasStarted(index))
        {
            var phase = PhaseFor(index, step);
            // In a train the timeline names the component too: its stages are often all called the same.
            var started = Engine(new StepStarted(index, stage.Component is { } component ? $"{component} / {stage.Name}" : stage.Name, step.Describe()));
            if (_view.State != phase)
            {
                await TransitionAsync(phase, null, null, started);
            }
            else
            {
                await AppendAsync(started);
            }
        }
        var outcome = step switch
        {
            SetWeightStep weight => await ApplyToStageAsync(index, stage, Cohorts.Canary, weight.Weight, cancellationToken),
            PromoteStep => await ApplyToStageAsync(index, stage, Cohorts.Stable, 100, cancellationToken),
            PauseStep pause => await PauseAsync(index, pause),
            AnalysisStep analysis => await AnalyseAsync(index, stage, analysis, cancellationToken),
            ApprovalStep approval => await AwaitApprovalAsync(index, stage, approval),
            StrategyApplyStep apply => await ApplyToStageAsync(index, stage, apply.Cohort, apply.Weight, cancellationToken, apply.Strategy),
            BakeStep bake => await PauseAsync(index, new PauseStep(bake.Duration)),
            KeepWarmStep warm => await PauseAsync(index, new PauseStep(warm.Duration)),
            _ => throw new InvalidOperationException($"Unknown step type {step.GetType().Name}."),
        };
        EndStepSpan(outcome);
        if (outcome.IsDone)
        {
            await AppendAsync(Engine(new StepCompleted(index)));
            return null;
        }
        return outcome.WaitUntil;
    }

    private async Task<StepOutcome> ApplyToStageAsync(
        int index, PlanStage stage, string cohort, int weight, CancellationToken cancellationToken, DeploymentStrategy strategy = DeploymentStrategy.Canary)
    {
        foreach (var name in stage.Targets)
        {
            var key = ActionKeys.Apply(ReleaseId, index, name);
            if (_view.IsDone(key))
            {
                continue;
            }
            var target = await TargetAsync(name, cancellationToken);
            var driver = target is null ? null : _services.Plugins.FindDriver(target.Kind);
            if (target is null || driver is null)
            {
                await FailAsync($"Target '{name}' or its driver is no longer available.", rollBack: true);
                return StepOutcome.Stopped;
            }
            if (!_view.IsIntended(key))
            {
                await AppendAsync(Engine(new ActionIntended(key, name, "apply", _release.Version, cohort, weight)));
            }
            var request = new ApplyRequest { ReleaseId = ReleaseId, Version = _release.Version, Cohort = cohort, Weight = weight, IdempotencyKey = key, Strategy = strategy };
            var what = DescribeApply(strategy, cohort, weight, name);
            var (result, error) = await CallDriverAsync(
                "apply", target, cohort, ct => driver.ApplyAsync(target, request, ct), what, cancellationToken);
            if (error is not null)
            {
                await AppendAsync(Engine(new ActionFailed(key, name, error)));
                await FailAsync(error, rollBack: true);
                return StepOutcome.Stopped;
            }
            await AppendAsync(Engine(new ActionDone(key, name, result!.Outcome.ToString(), result.Detail)));
        }
        return StepOutcome.Done;
    }

    private async Task<StepOutcome> PauseAsync(int index, PauseStep pause)
    {
        if (!_view.HasPauseStarted(index))
        {
            await AppendAsync(Engine(new PauseStarted(index, pause.Duration is { } d ? Now + d : null)));
        }
        if (_view.IsPaused)
        {
            return StepOutcome.Wait(DateTimeOffset.MaxValue);
        }
        var until = _view.PauseUntil(index);
        return until is { } u && u > Now ? StepOutcome.Wait(u) : StepOutcome.Done;
    }

    private readonly record struct StepOutcome(bool IsDone, DateTimeOffset? WaitUntil)
    {
        public static StepOutcome Done { get; } = new(true, null);

        /// <summary>The step handed the release to another path (failure, rollback); look at the journal again.</summary>
        public static StepOutcome Stopped { get; } = new(false, null);

        public static StepOutcome Wait(DateTimeOffset until) => new(false, until);
    }
}
