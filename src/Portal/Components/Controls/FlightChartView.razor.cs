using Microsoft.AspNetCore.Components;
using PortalRelease.Portal.Components.Model;

namespace PortalRelease.Portal.Components.Controls;

/// <summary>One telemetry series of the release over its whole life, with its deployment markers drawn across it; a marker links to its event.</summary>
public partial class FlightChartView
{
    private static readonly string[] Palette = ["var(--mud-palette-primary)", "var(--mud-palette-tertiary)", "var(--mud-palette-info)", "var(--mud-palette-secondary)"];

    private FlightChart _chart = null!;

    [Parameter, EditorRequired]
    public required FlightLog Log { get; set; }

    [Parameter, EditorRequired]
    public required string Title { get; set; }

    [Parameter, EditorRequired]
    public required Func<FlightPoint, (double? Canary, double? Baseline)> Value { get; set; }

    [Parameter, EditorRequired]
    public required string ReleaseId { get; set; }

    [Parameter]
    public long? Highlight { get; set; }

    protected override void OnParametersSet() => _chart = FlightChart.Build(Log, Value);

    private static string LineColor(int index, bool baseline) => baseline ? "var(--mud-palette-text-secondary)" : Palette[index % Palette.Length];

    /// <summary>The colour of a deployment marker, the same on every flight recorder chart.</summary>
    public static string MarkerColor(string kind) => kind switch
    {
        "weight" => "var(--mud-palette-primary)",
        "promote" => "var(--mud-palette-success)",
        "rollback" or "incident" => "var(--mud-palette-error)",
        "pause" => "var(--mud-palette-warning)",
        _ => "var(--mud-palette-info)",
    };
}
