using System.Text.Json;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Releases;
using PortalRelease.Portal.Templates;
using Contract = PortalRelease.Contracts;

namespace PortalRelease.Portal.Api;

/// <summary>A release and its plan as the API serves them (<see cref="Contract.ReleaseView"/>).</summary>
internal static class ReleaseViews
{
    /// <summary>
    /// The plan's steps, rollback policy and SLOs are written as the API wrote the domain types before: the web
    /// defaults (camelCase, enums as numbers, durations as <c>hh:mm:ss</c>), a step with its <c>kind</c>.
    /// </summary>
    private static JsonElement Json<T>(T value) => JsonSerializer.SerializeToElement(value, JsonSerializerOptions.Web);

    /// <summary>The release now; with <paramref name="plan"/> (a single release's answer) also its parameters and plan.</summary>
    public static Contract.ReleaseView ToView(this ReleaseRecord record, ReleaseView view, ReleasePlan? plan = null) => new(
        record.Id,
        record.TemplateName,
        record.TemplateVersion,
        record.Version,
        view.PendingRollback is { IsAbort: var abort } ? (abort ? Contract.ReleaseStates.Aborting : Contract.ReleaseStates.RollingBack) : view.State.ToString(),
        view.IsPaused,
        view.PauseReason,
        view.Reason,
        view.CurrentStep,
        view.CurrentStepDescription,
        view.CanaryWeight,
        record.CreatedAt,
        view.UpdatedAt,
        record.CreatedBy,
        view.LastSeq,
        ReleaseStateMachine.Available(view).Select(c => c.ToString().ToLowerInvariant()).ToList(),
        plan is null ? null : JsonDocument.Parse(record.Parameters).RootElement.Clone(),
        plan?.ToView())
    {
        QueuedBehind = view.QueuedBehind?.Behind,
        QueuedOn = view.QueuedBehind?.On,
        LockedTargets = view.HoldsTargets ? view.LockedTargets : [],
        SubState = view.QueuedBehind is { } queued ? ReleaseView.QueuedText(queued) : view.GateSubState,
    };

    public static Contract.ReleasePlanView ToView(this ReleasePlan plan) => new(plan.Stages.Select(ToView).ToList(), Json(plan.Rollback))
    {
        Service = plan.Service,
        StepCount = plan.StepCount,
        Slos = plan.Slos.Select(Json).ToList(),
    };

    private static Contract.PlanStageView ToView(PlanStage stage) => new(stage.Name, stage.Targets, stage.Steps.Select(Json).ToList())
    {
        Environment = stage.Environment,
        TargetsLabelled = stage.TargetsLabelled,
        Strategy = (Contract.PlanStrategy)(int)stage.Strategy,
        Wave = stage.Wave,
        WaveCount = stage.WaveCount,
        Component = stage.Component,
        DependsOn = stage.DependsOn,
    };
}
