using System.Globalization;
using MudBlazor;
using PortalRelease.Portal.Slos;

namespace PortalRelease.Portal.Components.Model;

/// <summary>
/// One SLO's history as chart series: the SLI against its objective, the burn rate against the pause threshold, and
/// the budget left. X labels carry a clock time on a few points and a ▲ where a release of the service started,
/// was promoted or rolled back within that bucket.
/// </summary>
public sealed class SloCharts(SloReport slo, SloHistory history, IReadOnlyList<DeploymentMarker> deployments)
{
    public SloReport Slo { get; } = slo;

    public IReadOnlyList<SloPoint> Points { get; } = history.Points;

    public string[] Labels()
    {
        var every = Math.Max(1, (int)Math.Ceiling(Points.Count / 5.0));
        var labels = new string[Points.Count];
        for (var i = 0; i < Points.Count; i++)
        {
            var from = i == 0 ? DateTimeOffset.MinValue : Points[i - 1].At;
            var marked = deployments.Any(d => d.At > from && d.At <= Points[i].At);
            var clock = i % every == 0 ? Points[i].At.UtcDateTime.ToString(Points[^1].At - Points[0].At > TimeSpan.FromDays(2) ? "MM-dd" : "HH:mm", CultureInfo.InvariantCulture) : "";
            labels[i] = marked ? "▲ " + clock : clock;
        }
        return labels;
    }

    public List<ChartSeries<double>> Sli() =>
    [
        new() { Name = "SLI %", Data = Points.Select(p => p.Sli * 100).ToArray() },
        new() { Name = "objective %", Data = Points.Select(_ => (double?)(Slo.Objective * 100)).ToArray() },
    ];

    public List<ChartSeries<double>> Burn() =>
    [
        new() { Name = "burn rate ×", Data = Points.Select(p => p.Burn).ToArray() },
        new() { Name = "pause above ×", Data = Points.Select(_ => (double?)Slo.Policy.PauseAbove).ToArray() },
    ];

    public List<ChartSeries<double>> Budget() =>
    [
        new() { Name = "budget remaining %", Data = Points.Select(p => p.BudgetRemaining * 100).ToArray() },
    ];

    /// <summary>A share as shown in the tables: <c>99.95 %</c>, or a dash without data.</summary>
    public static string Percent(double? share) => share is { } value ? SloText.Percent(value) : "–";

    public static string Burn(double? burn) => burn is { } value ? SloText.Burn(value) : "–";

    public static Color StateColor(string state) => state switch
    {
        SloStates.Ok => Color.Success,
        SloStates.Burning => Color.Warning,
        SloStates.Exhausted or SloStates.Error => Color.Error,
        _ => Color.Default,
    };
}
