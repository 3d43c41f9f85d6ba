using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Portal.Templates;
using PortalRelease.Portal.Verification;
using PortalRelease.Sdk;

namespace PortalRelease.Portal.Releases.Engine;

public sealed partial class ReleaseRunner
{
    /// <summary>
    /// Queries one target's canary (and baseline, when the step compares) over the round's own interval, the one that
    /// ends when the round fell <paramref name="due"/> (never later than now), and judges the round.
    /// </summary>
    private async Task<MeasurementTaken> MeasureAsync(
        int index, int round, string name, AnalysisStep step, int previousStreak, DateTimeOffset due, CancellationToken cancellationToken)
    {
        var target = await TargetAsync(name, cancellationToken);
        var source = target is null ? null : _services.Plugins.FindMetricSource(step.Provider ?? target.Kind);
        var end = due < Now ? due : Now;
        var start = end - step.Interval;
        if (target is null || source is null)
        {
            return MeasurementJudge.Judge(index, round, name, step, CohortReading.Failed($"No metric source for '{name}'."), null, previousStreak)
                with { WindowStart = start, WindowEnd = end };
        }
        async Task<CohortReading> Read(string cohort)
        {
            var query = new MetricQuery
            {
                Target = target,
                Metric = step.Metric,
                Cohort = cohort,
                Start = start,
                End = end,
                ReleaseId = ReleaseId,
                Version = cohort == Cohorts.Canary ? _release.Version : _view.PreviousVersions.GetValueOrDefault(name),
            };
            var (result, error) = await DriverCall.RunAsync(
                ct => source.QueryAsync(query, ct), _services.Options.DriverCallTimeout, $"Querying {step.Metric} of the {cohort} on '{name}'", cancellationToken);
            return new CohortReading(result, error);
        }
        // Both cohorts over the same window, at the same time: the comparison is only fair side by side.
        var canary = Read(Cohorts.Canary);
        var baseline = step.Baseline is null ? null : Read(Cohorts.Baseline);
        var (canaryReading, baselineReading) = (await canary, baseline is null ? null : await baseline);
        return MeasurementJudge.Judge(index, round, name, step, canaryReading, baselineReading, previousStreak)
            with { AvailableAt = Now, WindowStart = start, WindowEnd = end };
    }
}
