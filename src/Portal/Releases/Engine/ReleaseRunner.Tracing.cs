using PortalRelease.Portal.Cluster;
using System.Diagnostics;
using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Portal.Templates;
using PortalRelease.Portal.Telemetry;
using PortalRelease.Sdk;

namespace PortalRelease.Portal.Releases.Engine;

/// <summary>
/// Spans of engine work on <see cref="PortalMeters.Engine"/>: the release's own trace, rooted in a <c>release</c> span
/// for as long as this runner drives it and linked to the request that started the runner (never parented under it:
/// the release outlives the request). Beneath it: validation, one span per step from its start to its completion (a
/// step that waits keeps its span open across the waits), analysis rounds and driver calls beneath the step, and one
/// per rollback attempt. Every span carries <c>release.id</c> and <c>release.version</c>; driver calls add
/// <c>target.name</c>, <c>target.kind</c>, <c>release.cohort</c>, the outcome and how many retries it took.
/// </summary>
public sealed partial class ReleaseRunner
{
    private Activity? _releaseSpan;

    /// <summary>
    /// The root of the release's trace for this runner (started with no span current): no parent, and a link to the
    /// span that started the runner. A runner after a restart starts a new one, <c>release.resumed</c>.
    /// </summary>
    private void StartReleaseSpan()
    {
        ActivityLink[]? links = _startedBy is { } cause && cause != default ? [new ActivityLink(cause)] : null;
        _releaseSpan = PortalMeters.Engine.StartActivity("release", ActivityKind.Internal, default(ActivityContext), links: links);
        if (_releaseSpan is not null)
        {
            Tag(_releaseSpan);
            _releaseSpan.SetTag("release.resumed", _view.State != Lifecycle.Proposed);
            _releaseSpan.SetTag("release.state.start", _view.State.ToString());
        }
    }

    private void EndReleaseSpan()
    {
        if (_releaseSpan is null)
        {
            return;
        }
        _releaseSpan.SetTag("release.state.end", _view.State.ToString());
        if (!_view.IsFinal)
        {
            _releaseSpan.SetTag("release.interrupted", true);
        }
        _releaseSpan.Stop();
    }

    /// <summary>Open step spans by step index: one at most outside trains, one per lane in flight in a train.</summary>
    private readonly Dictionary<int, Activity> _stepSpans = [];
    private int _stepSpanIndex = -1;

    /// <summary>Makes the step's span current, starting it (or, after a restart, a resumed one) when it is not open yet.</summary>
    private void EnterStepSpan(int index, PlanStage stage, PlanStep step)
    {
        // A step moving on in the same lane (outside trains: the one lane) ends the span its predecessor left open.
        foreach (var open in _stepSpans.Keys.Where(k => k != index && SameLane(k, stage)).ToList())
        {
            EndStepSpan(open, null);
        }
        _stepSpanIndex = index;
        if (!_stepSpans.TryGetValue(index, out var span))
        {
            // Beneath the release's span, never beneath a step that is still open in another lane.
            Activity.Current = _releaseSpan;
            span = PortalMeters.Engine.StartActivity($"step {step.GetType().Name.Replace("Step", "", StringComparison.Ordinal).ToLowerInvariant()}", ActivityKind.Internal);
            if (span is null)
            {
                return;
            }
            _stepSpans[index] = span;
            Tag(span);
            span.SetTag("step.index", index);
            span.SetTag("step.kind", step.GetType().Name);
            span.SetTag("step.description", step.Describe());
            span.SetTag("stage.name", stage.Name);
            span.SetTag("step.resumed", _view.HasStarted(index));
            if (stage.Component is { } component)
            {
                span.SetTag("release.component", component);
            }
            if (CohortOf(step) is { } cohort)
            {
                span.SetTag("release.cohort", cohort);
            }
        }
        Activity.Current = span;
    }

    private bool SameLane(int index, PlanStage stage) =>
        _plan.Steps().FirstOrDefault(s => s.Index == index).Stage?.Component == stage.Component;

    /// <summary>Ends the current step's span when the step is done or handed the release elsewhere; a waiting step keeps it.</summary>
    private void EndStepSpan(StepOutcome outcome)
    {
        if (outcome.IsDone)
        {
            EndStepSpan(_stepSpanIndex, null);
        }
        else if (outcome.WaitUntil is null)
        {
            EndStepSpan(_stepSpanIndex, "The step stopped: the release failed or is rolling back.");
        }
    }

    /// <summary>Ends every open step span: <paramref name="error"/> null is success, otherwise why the steps stopped.</summary>
    private void EndStepSpan(string? error)
    {
        foreach (var open in _stepSpans.Keys.ToList())
        {
            EndStepSpan(open, error);
        }
    }

    private void EndStepSpan(int index, string? error)
    {
        if (!_stepSpans.Remove(index, out var span))
        {
            return;
        }
        if (error is not null)
        {
            span.SetStatus(ActivityStatusCode.Error, error);
        }
        span.Stop();
        if (_stepSpanIndex == index)
        {
            _stepSpanIndex = -1;
        }
    }

    /// <summary>
    /// The runner stopped with a step in flight (the portal shutting down mid-step or while the step waits, or the loop
    /// failing): its span ends here as interrupted, so it is exported and says why; the runner that resumes the release
    /// opens a resumed one (<c>step.resumed</c>). Spans already ended are untouched.
    /// </summary>
    private void EndInterruptedStepSpans() => EndStepSpan("interrupted: the runner stopped while the step was in flight; it resumes when the release's runner starts again");

    /// <summary>A span for one analysis round, beneath the step's.</summary>
    private Activity? StartRoundSpan(int index, int round, AnalysisStep step, PlanStage stage)
    {
        var span = PortalMeters.Engine.StartActivity("analysis round", ActivityKind.Internal);
        if (span is not null)
        {
            Tag(span);
            span.SetTag("step.index", index);
            span.SetTag("analysis.round", round);
            span.SetTag("analysis.metric", step.Metric);
            span.SetTag("analysis.targets", string.Join(",", stage.Targets));
            span.SetTag("release.cohort", Cohorts.Canary);
        }
        return span;
    }

    /// <summary>Puts the verdict on the current analysis span, when one decided.</summary>
    private static void TraceVerdict(Verdict verdict, string explanation)
    {
        var span = Activity.Current;
        if (span?.Source != PortalMeters.Engine)
        {
            return;
        }
        span.SetTag("analysis.verdict", verdict.ToString());
        if (verdict == Verdict.Failed)
        {
            span.SetStatus(ActivityStatusCode.Error, explanation);
        }
    }

    private Activity? StartRollbackSpan(string reason)
    {
        // A rollback asked for while a step waited (a person, an incident) ends that step here.
        EndStepSpan("A rollback was requested.");
        Activity.Current = _releaseSpan;
        var span = PortalMeters.Engine.StartActivity("rollback", ActivityKind.Internal);
        if (span is not null)
        {
            Tag(span);
            span.SetTag("rollback.attempt", _view.RollbackAttempt);
            span.SetTag("rollback.reason", reason);
        }
        return span;
    }

    private static void FailSpan(Activity? span, IReadOnlyList<string> errors) =>
        span?.SetStatus(ActivityStatusCode.Error, string.Join("; ", errors));

    /// <summary>Validation reads every target's status before the release starts: one span over those calls.</summary>
    private Activity? StartValidationSpan()
    {
        Activity.Current = _releaseSpan;
        var span = PortalMeters.Engine.StartActivity("validate", ActivityKind.Internal);
        if (span is not null)
        {
            Tag(span);
        }
        return span;
    }

    /// <summary>
    /// One driver call through <see cref="DriverCall"/>, in a client span beneath whatever engine span is current
    /// (a plugin's own outgoing HTTP calls nest beneath it). Counting the invocations of <paramref name="call"/> gives
    /// the retries the resilience pipeline made.
    /// </summary>
    private async Task<(T? Result, string? Error)> CallDriverAsync<T>(
        string action, TargetContext target, string? cohort, Func<CancellationToken, Task<T>> call, string what, CancellationToken cancellationToken, bool breaker = true)
    {
        using var span = PortalMeters.Engine.StartActivity($"driver {action}", ActivityKind.Client);
        span?.SetTag("driver.action", action);
        span?.SetTag("target.name", target.Name);
        span?.SetTag("target.kind", target.Kind);
        if (span is not null)
        {
            Tag(span);
            if (cohort is not null)
            {
                span.SetTag("release.cohort", cohort);
            }
        }
        if (!_services.Ownership.MayAct(Hold))
        {
            // The lease may have run out unseen (renewals failing, or this process frozen past it): another node may
            // drive the release now, so no driver call is made on its behalf. The engine hands the hold back and the
            // release is adopted again, by this node or another.
            throw new LeaseLostException(ReleaseId, Hold.Fence!, null);
        }
        var attempts = 0;
        var (result, error) = await _services.DriverCalls.RunAsync(
            target.Name,
            ct =>
            {
                Interlocked.Increment(ref attempts);
                return call(ct);
            },
            what,
            cancellationToken,
            breaker,
            CallBudget(action, target));
        if (span is not null)
        {
            span.SetTag("driver.retry_count", Math.Max(0, attempts - 1));
            span.SetTag("driver.outcome", error is not null ? "Failed" : result switch
            {
                ApplyResult applied => applied.Outcome.ToString(),
                TargetStatus status => status.Health.ToString(),
                _ => "Done",
            });
            if (error is not null)
            {
                span.SetStatus(ActivityStatusCode.Error, error);
            }
        }
        return (result, error);
    }

    private void Tag(Activity span)
    {
        span.SetTag("release.id", ReleaseId);
        span.SetTag("release.version", _release.Version);
        span.SetTag("release.template", _release.TemplateName);
    }

    private static string? CohortOf(PlanStep step) => step switch
    {
        SetWeightStep or AnalysisStep => Cohorts.Canary,
        PromoteStep => Cohorts.Stable,
        StrategyApplyStep apply => apply.Cohort,
        _ => null,
    };
}
