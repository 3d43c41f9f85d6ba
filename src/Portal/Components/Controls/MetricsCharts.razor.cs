using Microsoft.AspNetCore.Components;
using MudBlazor;
using PortalRelease.Portal.Components.Model;

namespace PortalRelease.Portal.Components.Controls;

/// <summary>
/// Live line charts of canary against baseline: error rate and p95 latency over time, and the analysis' own metric
/// when it is another; all read from the metric source the analysis queries, named in the titles.
/// </summary>
public partial class MetricsCharts
{
    // Error rates are fractions, in the unit of the analysis' evidence and thresholds (error-rate 0.0053 ≤ 0.05).
    // Plotted in hundredths so a tick is 0.01 (ticks are at least 1 apart), labelled as the fraction.
    private readonly LineChartOptions _errorOptions = new() { YAxisTicks = 1, YAxisToStringFunc = MetricsHistory.ErrorRateTick, MaxNumYAxisTicks = 6, YAxisRequireZeroPoint = true, LineStrokeWidth = 2 };
    private readonly LineChartOptions _latencyOptions = new() { YAxisFormat = "0", YAxisTicks = 25, MaxNumYAxisTicks = 6, YAxisRequireZeroPoint = true, LineStrokeWidth = 2 };

    private readonly LineChartOptions _analysedOptions = new() { YAxisFormat = "0.###", MaxNumYAxisTicks = 6, YAxisRequireZeroPoint = true, LineStrokeWidth = 2 };

    [Parameter, EditorRequired]
    public required MetricsHistory Metrics { get; set; }

    protected override void OnParametersSet()
    {
        // A sample with no neighbour in its series (the first one, or targets sampled in turn) is only seen as a marker.
        var markers = Metrics.HasLoneSample();
        _errorOptions.ShowDataMarkers = markers;
        _latencyOptions.ShowDataMarkers = markers;
        _analysedOptions.ShowDataMarkers = markers;
    }

    /// <summary>The release has settled: no sample is coming any more, so an empty chart says so instead of "yet".</summary>
    [Parameter]
    public bool Settled { get; set; }

    private string SourceText => Metrics.Source is { } source ? $" from {source}" : "";
}
