using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Slos;

/// <summary>An SLO's window cut into <see cref="Points"/> equal buckets, for the per-service charts.</summary>
public static class SloHistoryBuilder
{
    public const int Points = 30;

    /// <summary>SLI and burn per bucket; the budget left counts from the window's start to each bucket's end. Empty when a source fails.</summary>
    public static async Task<IReadOnlyList<SloPoint>> BuildAsync(SloEvaluator evaluator, SloDefinition slo, IReadOnlyList<string> targets, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var step = slo.Window / Points;
        var start = now - slo.Window;
        var points = new List<SloPoint>();
        var sofar = new SliCounts(0, 0);
        for (var i = 0; i < Points; i++)
        {
            var from = start + (step * i);
            var to = i == Points - 1 ? now : from + step;
            var (counts, error) = await evaluator.CountAsync(slo, targets, from, to, cancellationToken);
            if (error is not null)
            {
                return [];
            }
            sofar += counts;
            points.Add(new SloPoint(
                to,
                counts.Sli,
                counts.ErrorRatio is { } ratio ? BurnRate.Of(ratio, slo.Objective) : null,
                sofar.ErrorRatio is { } spent ? BurnRate.BudgetRemaining(spent, slo.Objective) : null));
        }
        return points;
    }
}
