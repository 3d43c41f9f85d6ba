using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Portal.Templates;
using PortalRelease.Sdk;

namespace PortalRelease.Portal.Releases.Engine;

public sealed partial class ReleaseRunner
{
    private static readonly string[] SampledMetrics = ["error-rate", "latency-p95", "request-rate"];

    /// <summary>
    /// While the release is deploying or verifying, journals canary and baseline telemetry of the current stage's
    /// targets (in a train, of every running component's stage) every sample interval, so the live charts read the
    /// journal like everything else.
    /// </summary>
    private async Task SampleTelemetryAsync(CancellationToken cancellationToken)
    {
        var interval = _services.Options.SampleInterval;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(interval, _services.Time, cancellationToken);
                var (state, step) = (_view.State, _view.CurrentStep);
                if (state is not (Lifecycle.Deploying or Lifecycle.Verifying) || step is null || _plan is null)
                {
                    continue;
                }
                await CheckBurnRatesAsync(cancellationToken);
                var samples = new List<EventDraft>();
                foreach (var (index, name) in SampledTargets(step.Value))
                {
                    var sample = await SampleAsync(name, interval, ChartedAnalysis(index), cancellationToken);
                    if (sample is not null)
                    {
                        samples.Add(Engine(sample));
                    }
                }
                if (samples.Count > 0)
                {
                    KeepOwn(await _services.Writer.AppendAsync(ReleaseId, Hold.Fence, samples));
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception error)
        {
            // Charts are a view; losing them must never stop the release.
            _logger.LogWarning(error, "Telemetry sampling stopped for release {ReleaseId}", ReleaseId);
        }
    }

    /// <summary>
    /// The analysis step whose evidence the charts of step <paramref name="index"/> should match: that step when it
    /// analyses, else the next analysis of its stage, else the one before it in the stage; null when the stage has none.
    /// </summary>
    private AnalysisStep? ChartedAnalysis(int index)
    {
        var steps = _plan.Steps().ToList();
        var stage = steps[index].Stage;
        var inStage = steps.Where(s => ReferenceEquals(s.Stage, stage) && s.Step is AnalysisStep).ToList();
        var chosen = inStage.FirstOrDefault(s => s.Index >= index);
        return (chosen.Step ?? inStage.LastOrDefault().Step) as AnalysisStep;
    }

    /// <summary>
    /// Samples one target through the metric source its analysis uses (<c>provider:</c>, else the target's own kind),
    /// the standard three metrics and, when the analysis measures another, that one too.
    /// </summary>
    private async Task<MetricsSampled?> SampleAsync(string name, TimeSpan window, AnalysisStep? analysis, CancellationToken cancellationToken)
    {
        var target = await TargetAsync(name, cancellationToken);
        var kind = target is null ? null : analysis?.Provider ?? target.Kind;
        var source = kind is null ? null : _services.Plugins.FindMetricSource(kind);
        if (target is null || source is null)
        {
            return null;
        }
        var end = Now;
        var extra = analysis is { Metric: var metric } && !SampledMetrics.Contains(metric, StringComparer.Ordinal) ? metric : null;
        var metrics = extra is null ? SampledMetrics : [.. SampledMetrics, extra];
        async Task<double?[]> Cohort(string cohort)
        {
            var values = new double?[metrics.Length];
            for (var i = 0; i < metrics.Length; i++)
            {
                var query = new MetricQuery
                {
                    Target = target,
                    Metric = metrics[i],
                    Cohort = cohort,
                    Start = end - window,
                    End = end,
                    ReleaseId = ReleaseId,
                    // The same versions the analysis names, so a source that selects series by version answers alike.
                    Version = cohort == Cohorts.Canary ? _release.Version : _view.PreviousVersions.GetValueOrDefault(name),
                };
                var (result, _) = await DriverCall.RunAsync(ct => source.QueryAsync(query, ct), _services.Options.DriverCallTimeout, "Sampling", cancellationToken);
                values[i] = result?.Value;
            }
            return values;
        }
        var (canary, baseline) = (await Cohort(Cohorts.Canary), await Cohort(Cohorts.Baseline));
        return new MetricsSampled(
            name,
            new CohortSample(canary[0], canary[1], canary[2]),
            new CohortSample(baseline[0], baseline[1], baseline[2]),
            kind,
            extra is null ? null : new AnalysedSample(extra, canary[3], baseline[3]));
    }
}
