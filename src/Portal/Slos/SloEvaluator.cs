using PortalRelease.Portal.Plugins;
using PortalRelease.Portal.Releases.Engine;
using PortalRelease.Portal.Targets;
using PortalRelease.Portal.Templates;
using PortalRelease.Sdk;

namespace PortalRelease.Portal.Slos;

/// <summary>
/// Counts an SLO's good and total events through the metric sources of the service's targets and turns them into
/// burn rates and budget. The whole service's traffic is its stable plus its canary cohort (the canary cohort is
/// the new version whichever strategy placed it), so a bad version burns the service's budget by its share.
/// </summary>
public sealed class SloEvaluator(PluginCatalog plugins, TargetContexts targets)
{
    private static readonly string[] ServiceCohorts = [Cohorts.Stable, Cohorts.Canary];
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(20);

    /// <summary>The SLO's SLI, burn rates and budget at <paramref name="now"/>.</summary>
    public async Task<SloStatus> EvaluateAsync(string service, SloDefinition slo, IReadOnlyList<string> targetNames, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (window, error) = await CountAsync(slo, targetNames, now - slo.Window, now, cancellationToken);
        if (error is not null)
        {
            return new SloStatus(service, slo, targetNames, null, null, null, null, error) { MeasuredAt = now };
        }
        var (shortCounts, shortError) = await CountAsync(slo, targetNames, now - slo.BurnRate.ShortWindow, now, cancellationToken);
        var (longCounts, longError) = await CountAsync(slo, targetNames, now - slo.BurnRate.LongWindow, now, cancellationToken);
        double? Burn(SliCounts counts) => counts.ErrorRatio is { } ratio ? BurnRate.Of(ratio, slo.Objective) : null;
        return new SloStatus(
            service,
            slo,
            targetNames,
            window.Sli,
            Burn(shortCounts),
            Burn(longCounts),
            window.ErrorRatio is { } errors ? BurnRate.BudgetRemaining(errors, slo.Objective) : null,
            shortError ?? longError) { MeasuredAt = now };
    }

    /// <summary>Good and total events in [<paramref name="start"/>, <paramref name="end"/>) over every target; an error names the target and the source's message.</summary>
    public async Task<(SliCounts Counts, string? Error)> CountAsync(
        SloDefinition slo, IReadOnlyList<string> targetNames, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken)
    {
        var counts = new SliCounts(0, 0);
        foreach (var name in targetNames)
        {
            var target = await targets.GetAsync(name, cancellationToken);
            if (target is null)
            {
                return (counts, $"SLO {slo.Name}: target '{name}' does not exist.");
            }
            var kind = slo.Provider ?? target.Kind;
            if (plugins.FindMetricSource(kind) is not { } source)
            {
                return (counts, $"SLO {slo.Name}: no metric source of kind '{kind}' is loaded (target '{name}').");
            }
            foreach (var cohort in ServiceCohorts)
            {
                var good = await QueryAsync(source, target, slo.Good, cohort, start, end, cancellationToken);
                var total = await QueryAsync(source, target, slo.Total, cohort, start, end, cancellationToken);
                if ((good.Error ?? total.Error) is { } failed)
                {
                    return (counts, $"SLO {slo.Name} on '{name}': {failed}");
                }
                counts += new SliCounts(good.Value, total.Value);
            }
        }
        return (counts, null);
    }

    private static async Task<(double Value, string? Error)> QueryAsync(
        IMetricSource source, TargetContext target, string metric, string cohort, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken)
    {
        var query = new MetricQuery { Target = target, Metric = metric, Cohort = cohort, Start = start, End = end };
        var (result, error) = await DriverCall.RunAsync(ct => source.QueryAsync(query, ct), QueryTimeout, $"Query of {metric}", cancellationToken);
        return (result?.Value ?? 0, error);
    }
}
