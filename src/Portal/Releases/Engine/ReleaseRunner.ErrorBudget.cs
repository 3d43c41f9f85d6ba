using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Portal.Slos;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Releases.Engine;

/// <summary>
/// Error budgets: a running release pauses when one of its service's SLOs burns faster than its policy allows
/// (over the short window, or over both windows with <c>pauseAboveLong</c>; see <see cref="BurnRules"/>), and a release whose service has spent its budget does not start deploying until the budget
/// recovers or someone overrides the <c>error-budget</c> gate with a reason.
/// </summary>
public sealed partial class ReleaseRunner
{
    private static readonly TimeSpan FreezeRecheck = TimeSpan.FromSeconds(15);

    private SloEvaluator Slos => new(_services.Plugins, _services.TargetContexts);

    /// <summary>
    /// The burn pauses this release has journaled, read from the journal once and then kept by the sampler, the only
    /// writer of burn pauses. Not the view: the runner refreshes it only between steps, and a step's driver call may
    /// take minutes, during which a stale view would let the same burn pause the release again on every tick.
    /// </summary>
    private List<string>? _burnPauses;

    /// <summary>The first steps have not started and nobody overrode the <c>error-budget</c> gate: a spent budget holds the release.</summary>
    private bool ErrorBudgetGateHolds =>
        !_plan.Steps().Any(s => _view.HasStarted(s.Index)) && !_view.Overrides.Any(o => o.Override.Gate == GateNames.ErrorBudget);

    /// <summary>
    /// Called at the sampling cadence while deploying or verifying. The pause is journaled (with the numbers) before
    /// the runner acts on it; each SLO pauses a release once, so a person who resumes is not paused again by the same burn.
    /// </summary>
    private async Task CheckBurnRatesAsync(CancellationToken cancellationToken)
    {
        if (_plan.Slos.Count == 0 || _view.IsPaused || _view.IsFinal)
        {
            return;
        }
        try
        {
            var now = Now;
            foreach (var slo in _plan.Slos)
            {
                var shortBurn = await BurnAsync(slo, slo.BurnRate.ShortWindow, now, cancellationToken);
                // The long window is only counted when a rule reads it and the short window already burns above that rule.
                var longBurn = slo.BurnRate.PauseAboveLong is { } limit && shortBurn > limit && shortBurn <= slo.BurnRate.PauseAbove
                    ? await BurnAsync(slo, slo.BurnRate.LongWindow, now, cancellationToken)
                    : null;
                if (BurnRules.PauseReason(slo, shortBurn, longBurn) is not { } reason || await PausedForBurnBeforeAsync(slo, cancellationToken))
                {
                    continue;
                }
                await _services.Writer.AppendAsync(ReleaseId, Hold.Fence, [Engine(new Paused(reason))]);
                _burnPauses!.Add(reason);
                Signal();
                return;
            }
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // A broken metric source must not stop sampling; the SLO page shows the source's error.
            _logger.LogWarning(error, "Burn-rate check failed for release {ReleaseId}", ReleaseId);
        }
    }

    /// <summary>The burn rate over the <paramref name="window"/> ending now; null when the source failed or counted nothing.</summary>
    private async Task<double?> BurnAsync(SloDefinition slo, TimeSpan window, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (counts, error) = await Slos.CountAsync(slo, PlanTargets, now - window, now, cancellationToken);
        return error is null && counts.ErrorRatio is { } ratio ? BurnRate.Of(ratio, slo.Objective) : null;
    }

    private async Task<bool> PausedForBurnBeforeAsync(SloDefinition slo, CancellationToken cancellationToken)
    {
        _burnPauses ??= (await _services.Journal.ReadAsync(ReleaseId, 0, cancellationToken))
            .Where(e => e.Type == nameof(Paused))
            .Select(e => e.Payload<Paused>().Reason)
            .ToList();
        var prefix = SloText.PausedPrefix(slo);
        return _burnPauses.Any(reason => reason.StartsWith(prefix, StringComparison.Ordinal));
    }

    /// <summary>
    /// Holds the release's first deploying step while an SLO of its service has spent its budget, journaling why
    /// (the same wait the calendar uses, so pages and the override endpoint treat it alike); looks again every
    /// 15 s, since the budget recovers as bad minutes leave the window.
    /// </summary>
    private async Task<DateTimeOffset?> HoldForErrorBudgetAsync(int index, PlanStage stage, PlanStep step, CancellationToken cancellationToken)
    {
        if (_plan.Slos.Count == 0 || step is ApprovalStep || !ErrorBudgetGateHolds)
        {
            return null;
        }
        if (await _services.ErrorBudget.CheckAsync(_plan, _release.TemplateName, cancellationToken) is not { } freeze)
        {
            return null;
        }
        var reason = freeze.Reason;
        if (_view.WindowWait is not { } waiting || waiting.Index != index || !SloText.IsFrozen(waiting.Reason))
        {
            await AppendAsync(Engine(new WindowWaiting(index, stage.Name, stage.EnvironmentName(), null, reason)));
        }
        // A 30-day window is a long query for some sources: look again at most every 15 s.
        return Now + TimeSpan.FromTicks(Math.Max(_services.Options.SampleInterval.Ticks, FreezeRecheck.Ticks));
    }
}
