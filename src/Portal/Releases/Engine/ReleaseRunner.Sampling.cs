using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Sdk;

namespace PortalRelease.Portal.Releases.Engine;

public sealed partial class ReleaseRunner
{
    private static readonly string[] SampledMetrics = ["error-rate", "latency-p95", "request-rate"];

    /// <summary>
    /// While the release is deploying or verifying, journals canary and baseline telemetry of the current stage's
    /// targets every sample interval, so the live charts read the journal like everything else.
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
                var stage = _plan.Steps().ElementAt(step.Value).Stage;
                var samples = new List<EventDraft>();
                foreach (var name in stage.Targets)
                {
                    var sample = await SampleAsync(name, interval, cancellationToken);
                    if (sample is not null)
                    {
                        samples.Add(Engine(sample));
                    }
                }
                if (samples.Count > 0)
                {
                    await _services.Writer.AppendAsync(ReleaseId, samples);
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

    private async Task<MetricsSampled?> SampleAsync(string name, TimeSpan window, CancellationToken cancellationToken)
    {
        var target = await TargetAsync(name, cancellationToken);
        var source = target is null ? null : _services.Plugins.FindMetricSource(target.Kind);
        if (target is null || source is null)
        {
            return null;
        }
        var end = Now;
        async Task<CohortSample> Cohort(string cohort)
        {
            var values = new double?[SampledMetrics.Length];
            for (var i = 0; i < SampledMetrics.Length; i++)
            {
                var query = new MetricQuery { Target = target, Metric = SampledMetrics[i], Cohort = cohort, Start = end - window, End = end, ReleaseId = ReleaseId, Version = _release.Version };
                var (result, _) = await DriverCall.RunAsync(ct => source.QueryAsync(query, ct), _services.Options.DriverCallTimeout, "Sampling", cancellationToken);
                values[i] = result?.Value;
            }
            return new CohortSample(values[0], values[1], values[2]);
        }
        return new MetricsSampled(name, await Cohort(Cohorts.Canary), await Cohort(Cohorts.Baseline));
    }
}
