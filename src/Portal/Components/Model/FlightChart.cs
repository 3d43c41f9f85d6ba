using System.Globalization;

namespace PortalRelease.Portal.Components.Model;

/// <summary>
/// The geometry of one flight recorder chart in SVG user units: a polyline per target and cohort, and a vertical line
/// per deployment marker, on one time axis from the release's first event to its last. Long releases are thinned to
/// at most <see cref="MaxPoints"/> points per line so the chart stays cheap to render.
/// </summary>
public sealed class FlightChart
{
    // About the width it is drawn at, so the axis text (the SVG stretches to fit) keeps its shape.
    public const double Width = 560;
    public const double Height = 200;
    public const double Left = 48;
    public const double Right = 12;
    public const double Top = 22;
    public const double Bottom = 22;
    public const int MaxPoints = 400;

    private static readonly int[] NiceFactors = [1, 2, 5, 10];

    private FlightChart(DateTimeOffset start, DateTimeOffset end, double max, TimeSpan skipped)
    {
        Skipped = skipped;
        Start = start;
        End = end;
        Max = max;
    }

    public DateTimeOffset Start { get; }

    /// <summary>The quiet time before the first deployment activity left off the chart (a calendar wait, an approval), shown as a labelled band.</summary>
    public TimeSpan Skipped { get; }

    public DateTimeOffset End { get; }

    public double Max { get; }

    public List<(string Name, string Points, bool Baseline, int Index)> Lines { get; } = [];

    public List<(FlightMarker Marker, double X)> Markers { get; } = [];

    /// <summary>A point marker for each line with a single sample: a polyline of one point draws nothing.</summary>
    public List<(string Name, double X, double Y, bool Baseline, int Index)> Dots { get; } = [];

    public static FlightChart Build(FlightLog log, Func<FlightPoint, (double? Canary, double? Baseline)> value)
    {
        var (start, skipped) = Focus(log);
        var end = log.End is { } last && last > start ? last : start.AddSeconds(1);
        var values = log.Points.Select(p => value(p)).SelectMany(v => new[] { v.Canary, v.Baseline }).OfType<double>().ToList();
        var max = values.Count == 0 ? 1 : NiceCeiling(values.Max());
        var chart = new FlightChart(start, end, max, skipped);
        var targets = log.Points.Select(p => p.Target).Distinct(StringComparer.Ordinal).ToList();
        foreach (var (target, index) in targets.Select((t, i) => (t, i)))
        {
            var points = log.Points.Where(p => p.Target == target).ToList();
            var every = Math.Max(1, (int)Math.Ceiling(points.Count / (double)MaxPoints));
            var thinned = points.Where((_, i) => i % every == 0 || i == points.Count - 1).ToList();
            var prefix = targets.Count > 1 ? target + " " : "";
            chart.AddLine(prefix + "canary", thinned, p => value(p).Canary, false, index);
            chart.AddLine(prefix + "baseline", thinned, p => value(p).Baseline, true, index);
        }
        foreach (var marker in log.Markers)
        {
            chart.Markers.Add((marker, chart.X(marker.At)));
        }
        return chart;
    }

    /// <summary>
    /// Where the chart starts: at the release's first event, unless a long quiet stretch came before its first sample or
    /// marker (a 3-minute calendar wait would squeeze a 20-second rollout against the right edge); then a little before
    /// that activity, with the skipped time returned for the band's label.
    /// </summary>
    private static (DateTimeOffset Start, TimeSpan Skipped) Focus(FlightLog log)
    {
        var start = log.Start ?? DateTimeOffset.UnixEpoch;
        var firsts = log.Points.Select(p => p.At).Concat(log.Markers.Select(m => m.At)).ToList();
        if (firsts.Count == 0 || log.End is not { } end)
        {
            return (start, TimeSpan.Zero);
        }
        var activity = firsts.Min();
        var margin = TimeSpan.FromSeconds(Math.Max(2, (end - activity).TotalSeconds * 0.05));
        var focused = activity - margin;
        // Only worth it when the quiet time would take a good part of the chart.
        return focused - start > TimeSpan.FromSeconds(10) && (focused - start) > (end - start) * 0.25
            ? (focused, focused - start)
            : (start, TimeSpan.Zero);
    }

    /// <summary>The skipped time in words: "3m 5s".</summary>
    public static string Span(TimeSpan span) => span.TotalHours >= 1
        ? $"{(int)span.TotalHours}h {span.Minutes}m"
        : span.TotalMinutes >= 1 ? $"{(int)span.TotalMinutes}m {span.Seconds}s" : $"{span.Seconds}s";

    public double X(DateTimeOffset at) => Left + (at - Start).TotalSeconds / (End - Start).TotalSeconds * (Width - Left - Right);

    public double Y(double value) => Top + (Height - Top - Bottom) * (1 - Math.Clamp(value / Max, 0, 1));

    public static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>An axis value: enough digits for an error rate fraction (0.005).</summary>
    public static string Tick(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    private void AddLine(string name, List<FlightPoint> points, Func<FlightPoint, double?> value, bool baseline, int index)
    {
        Lines.Add((name, Polyline(points, value), baseline, index));
        if (points.Where(p => value(p) is not null).ToList() is [var lone])
        {
            Dots.Add((name, X(lone.At), Y(value(lone)!.Value), baseline, index));
        }
    }

    private string Polyline(List<FlightPoint> points, Func<FlightPoint, double?> value) =>
        string.Join(' ', points.Where(p => value(p) is not null).Select(p => $"{Number(X(p.At))},{Number(Y(value(p)!.Value))}"));

    // 1, 2 or 5 times a power of ten: round tick labels.
    private static double NiceCeiling(double value)
    {
        if (value <= 0)
        {
            return 1;
        }
        var power = Math.Pow(10, Math.Floor(Math.Log10(value)));
        return NiceFactors.Select(f => f * power).First(c => c >= value);
    }
}
