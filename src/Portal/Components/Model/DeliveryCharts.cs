using System.Globalization;
using MudBlazor;
using PortalRelease.Portal.Dashboards;

namespace PortalRelease.Portal.Components.Model;

/// <summary>The weekly trend of a delivery dashboard as chart series: one x point per week.</summary>
public sealed class DeliveryCharts(IReadOnlyList<WeekPoint> weeks)
{
    public int Count => weeks.Count;

    /// <summary>Week labels (day and month of the Monday), thinned so they never overlap.</summary>
    public string[] Labels()
    {
        var every = Math.Max(1, (int)Math.Ceiling(weeks.Count / 7.0));
        return weeks.Select((w, i) => i % every == 0 ? w.WeekStart.ToString("d MMM", CultureInfo.InvariantCulture) : "").ToArray();
    }

    public List<ChartSeries<double>> Deployments() =>
        [new ChartSeries<double> { Name = "promoted", Data = weeks.Select(w => (double?)w.Deployments).ToArray() }];

    public List<ChartSeries<double>> LeadTime() =>
        [new ChartSeries<double> { Name = "median lead time (h)", Data = weeks.Select(w => w.LeadTimeMedianHours).ToArray() }];

    public List<ChartSeries<double>> Stability() =>
    [
        new ChartSeries<double> { Name = "change failure rate (%)", Data = weeks.Select(w => w.ChangeFailureRate * 100).ToArray() },
        new ChartSeries<double> { Name = "rework rate (%)", Data = weeks.Select(w => w.ReworkRate * 100).ToArray() },
    ];

    /// <summary>
    /// Restores are often counted in minutes: plotted in hours they would lie flat on the axis. The chart switches to
    /// minutes while every week's median is under two hours.
    /// </summary>
    public bool RestoreInMinutes { get; } = weeks.All(w => w.TimeToRestoreMedianHours is null or < 2);

    public string RestoreUnit => RestoreInMinutes ? "minutes" : "hours";

    public List<ChartSeries<double>> TimeToRestore() =>
    [
        new ChartSeries<double>
        {
            Name = $"median time to restore ({(RestoreInMinutes ? "min" : "h")})",
            Data = weeks.Select(w => w.TimeToRestoreMedianHours * (RestoreInMinutes ? 60 : 1)).ToArray(),
        },
    ];

    public static Color BandColor(DoraBand? band) => band switch
    {
        DoraBand.Elite => Color.Success,
        DoraBand.High => Color.Info,
        DoraBand.Medium => Color.Warning,
        DoraBand.Low => Color.Error,
        _ => Color.Default,
    };

    public static string Hours(double? hours) => hours is { } h ? DeliveryCalculator.Hours(h) : "–";

    public static string Percent(double? fraction) => fraction is { } f ? DeliveryCalculator.Format(f * 100) + "%" : "–";
}
