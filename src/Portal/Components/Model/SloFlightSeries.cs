using PortalRelease.Portal.Slos;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Components.Model;

/// <summary>The SLI over one bucket of the release's time span; null when the bucket counted no events.</summary>
public sealed record SloFlightPoint(DateTimeOffset From, DateTimeOffset To, double? Sli);

/// <summary>One SLO of the release's service across the release: the SLI per bucket against its objective, or why it could not be read.</summary>
public sealed record SloFlightSeries(SloDefinition Slo, IReadOnlyList<SloFlightPoint> Points, string? Error);

/// <summary>
/// Reads each SLO of a release's plan (its <c>slos:</c>) as an SLI over the release's time span, through
/// <see cref="SloEvaluator"/> (the same counting the burn-rate gate uses), so the flight recorder shows what the
/// service's users saw while the release moved. The span is cut into buckets on a grid aligned to whole multiples
/// of their width, so the grid stays put while a live release grows; a bucket that ended more than
/// <see cref="Settle"/> ago is kept and never queried again.
/// </summary>
public sealed class SloFlightSampler(SloEvaluator evaluator)
{
    /// <summary>At most this many buckets per SLO.</summary>
    public const int MaxBuckets = 48;

    /// <summary>How long after a bucket ends its counts may still change (scrapes and remote writes arrive late).</summary>
    public static readonly TimeSpan Settle = TimeSpan.FromSeconds(30);

    // Round widths, so bucket edges fall on readable times; never under 5 s, where a bucket holds too few requests to mean much.
    private static readonly TimeSpan[] Widths =
    [
        TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30),
        TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(15),
        TimeSpan.FromMinutes(30), TimeSpan.FromHours(1), TimeSpan.FromHours(2), TimeSpan.FromHours(6), TimeSpan.FromHours(12), TimeSpan.FromDays(1),
    ];

    private readonly Dictionary<(string Slo, DateTimeOffset From, DateTimeOffset To), SliCounts> _settled = [];

    /// <summary>The bucket width for a span: the smallest round width that keeps it within <see cref="MaxBuckets"/>.</summary>
    public static TimeSpan WidthFor(TimeSpan span) => Widths.FirstOrDefault(w => span / w <= MaxBuckets, TimeSpan.FromTicks(Math.Max(span.Ticks / MaxBuckets, 1)));

    /// <summary>Every SLO of <paramref name="plan"/> over [<paramref name="start"/>, <paramref name="end"/>], its targets those of the plan.</summary>
    public async Task<IReadOnlyList<SloFlightSeries>> ReadAsync(ReleasePlan plan, DateTimeOffset start, DateTimeOffset end, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var targets = plan.Stages.SelectMany(s => s.Targets).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var width = WidthFor(end - start);
        var series = new List<SloFlightSeries>();
        foreach (var slo in plan.Slos)
        {
            var points = new List<SloFlightPoint>();
            string? error = null;
            for (var from = Floor(start, width); from < end && error is null; from += width)
            {
                var to = from + width < end ? from + width : end;
                if (!_settled.TryGetValue((slo.Name, from, to), out var counts))
                {
                    (counts, error) = await evaluator.CountAsync(slo, targets, from, to, cancellationToken);
                    if (error is null && to <= now - Settle)
                    {
                        _settled[(slo.Name, from, to)] = counts;
                    }
                }
                points.Add(new SloFlightPoint(from, to, counts.Sli));
            }
            series.Add(new SloFlightSeries(slo, error is null ? points : [], error));
        }
        return series;
    }

    private static DateTimeOffset Floor(DateTimeOffset at, TimeSpan width) => new(at.UtcTicks - (at.UtcTicks % width.Ticks), TimeSpan.Zero);
}
