namespace PortalRelease.Portal.Components.Model;

/// <summary>
/// The geometry of one SLO on the flight recorder, in the same SVG units as <see cref="FlightChart"/>: the SLI (in %)
/// as a line through the middle of each bucket, the objective as a level line, and the release's deployment markers
/// across both. The y axis runs from a round floor under the lowest SLI and the objective's budget up to 100 %.
/// </summary>
public sealed class SloFlightChart
{
    // How far below 100 % the axis may start: the smallest that still shows the objective, its budget again, and every SLI.
    private static readonly double[] Depths = [0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100];

    private SloFlightChart(DateTimeOffset start, DateTimeOffset end, double floor)
    {
        Start = start;
        End = end;
        Floor = floor;
    }

    public DateTimeOffset Start { get; }

    public DateTimeOffset End { get; }

    /// <summary>The SLI (in %) at the bottom of the axis.</summary>
    public double Floor { get; }

    /// <summary>"x,y x,y …" of the SLI; buckets without events are left out.</summary>
    public string Line { get; private set; } = "";

    public int LinePoints { get; private set; }

    public double ObjectiveY { get; private set; }

    /// <summary>The lowest SLI of the span in %, null without data.</summary>
    public double? Lowest { get; private set; }

    public List<(FlightMarker Marker, double X)> Markers { get; } = [];

    public static SloFlightChart Build(SloFlightSeries series, IReadOnlyList<FlightMarker> markers)
    {
        var objective = series.Slo.Objective * 100;
        var slis = series.Points.Select(p => p.Sli * 100).OfType<double>().ToList();
        var lowest = slis.Count == 0 ? (double?)null : slis.Min();
        var needed = Math.Min(lowest ?? 100, objective - (series.Slo.Budget * 100));
        var depth = Depths.First(d => 100 - d <= needed || d >= 100);
        var start = series.Points.Count > 0 ? series.Points[0].From : (markers.Count > 0 ? markers[0].At : DateTimeOffset.UnixEpoch);
        var end = series.Points.Count > 0 ? series.Points[^1].To : start.AddSeconds(1);
        var chart = new SloFlightChart(start, end > start ? end : start.AddSeconds(1), Math.Max(0, 100 - depth)) { Lowest = lowest };
        chart.ObjectiveY = chart.Y(objective);
        var drawn = series.Points.Where(p => p.Sli is not null).ToList();
        chart.LinePoints = drawn.Count;
        chart.Line = string.Join(' ', drawn.Select(p => $"{FlightChart.Number(chart.X(p.From + ((p.To - p.From) / 2)))},{FlightChart.Number(chart.Y(p.Sli!.Value * 100))}"));
        foreach (var marker in markers.Where(m => m.At >= chart.Start && m.At <= chart.End))
        {
            chart.Markers.Add((marker, chart.X(marker.At)));
        }
        return chart;
    }

    public double X(DateTimeOffset at) => FlightChart.Left + ((at - Start).TotalSeconds / (End - Start).TotalSeconds * (FlightChart.Width - FlightChart.Left - FlightChart.Right));

    public double Y(double percent) => FlightChart.Top + ((FlightChart.Height - FlightChart.Top - FlightChart.Bottom) * (1 - Math.Clamp((percent - Floor) / (100 - Floor), 0, 1)));
}
