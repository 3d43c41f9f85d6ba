using System.Globalization;
using MudBlazor;
using PortalRelease.Portal.Releases.Journal;

namespace PortalRelease.Portal.Components.Model;

/// <summary>
/// Canary and baseline telemetry over time, for the live charts: one x point per sampling time, one series per
/// target and cohort. Keeps the newest <see cref="Window"/> points so a long release stays readable.
/// </summary>
public sealed class MetricsHistory
{
    public const int Window = 90;

    private readonly List<(DateTimeOffset At, Dictionary<string, MetricsSampled> ByTarget)> _points = [];
    private readonly List<string> _targets = [];

    public int Count => _points.Count;

    /// <summary>The metric source kind of the newest sample (the one its stage's analysis queries); null for samples that did not record it.</summary>
    public string? Source { get; private set; }

    /// <summary>The analysis' own metric when the newest sample carried it (it is none of the standard three).</summary>
    public string? AnalysedMetric { get; private set; }

    public void Add(DateTimeOffset at, MetricsSampled sample)
    {
        if (_points.Count == 0 || _points[^1].At != at)
        {
            _points.Add((at, new Dictionary<string, MetricsSampled>(StringComparer.Ordinal)));
            if (_points.Count > Window)
            {
                _points.RemoveAt(0);
            }
        }
        _points[^1].ByTarget[sample.Target] = sample;
        Source = sample.Source;
        AnalysedMetric = sample.Analysed?.Metric;
        if (!_targets.Contains(sample.Target))
        {
            _targets.Add(sample.Target);
        }
    }

    /// <summary>X labels: a clock time on a few points only, so they do not overlap.</summary>
    public string[] Labels()
    {
        var every = Math.Max(1, (int)Math.Ceiling(_points.Count / 4.0));
        return _points.Select((p, i) => i % every == 0 ? RelativeTime.Clock(p.At) : "").ToArray();
    }

    /// <summary>
    /// Error rates plotted in hundredths (MudChart ticks no finer than 1), so a tick is 0.01; the axis labels them back
    /// as the fraction the metric source returns and the analysis evidence and thresholds print (see <see cref="ErrorRateTick"/>).
    /// </summary>
    public List<ChartSeries<double>> ErrorRate() => Series(s => s.ErrorRate * 100);

    /// <summary>An error rate axis value, plotted in hundredths, as the fraction it stands for.</summary>
    public static string ErrorRateTick(double hundredths) => (hundredths / 100).ToString("0.###", CultureInfo.InvariantCulture);

    public List<ChartSeries<double>> LatencyP95() => Series(s => s.LatencyP95);

    /// <summary>The analysis' own metric, canary and baseline per target, where samples carried it.</summary>
    public List<ChartSeries<double>> Analysed()
    {
        var series = new List<ChartSeries<double>>();
        foreach (var target in _targets)
        {
            var prefix = _targets.Count > 1 ? target + " " : "";
            series.Add(new ChartSeries<double> { Name = prefix + "canary", Data = Values(target, s => s.Analysed?.Metric == AnalysedMetric ? s.Analysed?.Canary : null) });
            series.Add(new ChartSeries<double> { Name = prefix + "baseline", Data = Values(target, s => s.Analysed?.Metric == AnalysedMetric ? s.Analysed?.Baseline : null) });
        }
        return series;
    }

    /// <summary>
    /// Whether any series has a sample with no sample of its own beside it (the first sample, or targets sampled
    /// in turn): a line chart draws nothing for it unless it marks its data points.
    /// </summary>
    public bool HasLoneSample()
    {
        Func<MetricsSampled, double?>[] values =
        [
            s => s.Canary.ErrorRate, s => s.Baseline.ErrorRate, s => s.Canary.LatencyP95, s => s.Baseline.LatencyP95,
            s => s.Analysed?.Canary, s => s.Analysed?.Baseline,
        ];
        return _targets.SelectMany(t => values.Select(v => Values(t, v))).Any(data => data.Where((v, i) => v is not null
            && (i == 0 || data[i - 1] is null)
            && (i == data.Length - 1 || data[i + 1] is null)).Any());
    }

    private List<ChartSeries<double>> Series(Func<CohortSample, double?> value)
    {
        var series = new List<ChartSeries<double>>();
        foreach (var target in _targets)
        {
            var prefix = _targets.Count > 1 ? target + " " : "";
            series.Add(new ChartSeries<double> { Name = prefix + "canary", Data = Values(target, s => value(s.Canary)) });
            series.Add(new ChartSeries<double> { Name = prefix + "baseline", Data = Values(target, s => value(s.Baseline)) });
        }
        return series;
    }

    private double?[] Values(string target, Func<MetricsSampled, double?> value) =>
        _points.Select(p => p.ByTarget.TryGetValue(target, out var s) ? value(s) : null).ToArray();

    public static string Format(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
