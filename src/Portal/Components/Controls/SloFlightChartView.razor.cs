using Microsoft.AspNetCore.Components;
using PortalRelease.Portal.Components.Model;

namespace PortalRelease.Portal.Components.Controls;

/// <summary>One SLO's SLI over the release against its objective line, with the release's deployment markers; a marker links to its event.</summary>
public partial class SloFlightChartView
{
    private SloFlightChart _chart = null!;

    [Parameter, EditorRequired]
    public required SloFlightSeries Series { get; set; }

    [Parameter, EditorRequired]
    public required IReadOnlyList<FlightMarker> Markers { get; set; }

    [Parameter, EditorRequired]
    public required string ReleaseId { get; set; }

    [Parameter]
    public long? Highlight { get; set; }

    protected override void OnParametersSet() => _chart = SloFlightChart.Build(Series, Markers);
}
