using System.Globalization;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using PortalRelease.Portal.Components.Model;
using PortalRelease.Portal.Dashboards;

namespace PortalRelease.Portal.Components.Pages;

/// <summary>
/// The executive delivery dashboard: DORA figures with their bands, weekly trends, a breakdown by team or service
/// and the releases behind any figure. Filters and the open drill-down live in the query string, so every view
/// is a link; every table downloads as CSV from the same API.
/// </summary>
public sealed partial class DeliveryDashboardPage
{
    private readonly LineChartOptions _countOptions = new() { YAxisFormat = "0", MaxNumYAxisTicks = 6, YAxisRequireZeroPoint = true, LineStrokeWidth = 2 };
    private readonly LineChartOptions _hoursOptions = new() { YAxisFormat = "0.#", MaxNumYAxisTicks = 6, YAxisRequireZeroPoint = true, LineStrokeWidth = 2 };
    private readonly LineChartOptions _percentOptions = new() { YAxisFormat = "0", MaxNumYAxisTicks = 6, YAxisRequireZeroPoint = true, LineStrokeWidth = 2 };

    private DeliveryDashboard? _dashboard;
    private DeliveryCharts? _charts;
    private IReadOnlyList<DrillDownRow>? _rows;
    private IReadOnlyList<string> _teams = [];
    private IReadOnlyList<string> _services = [];
    private string? _error;

    [Inject]
    public required DeliveryDashboardService Dashboards { get; init; }

    [Inject]
    public required NavigationManager Navigation { get; init; }

    [SupplyParameterFromQuery(Name = "team")]
    public string? Team { get; set; }

    [SupplyParameterFromQuery(Name = "service")]
    public string? Service { get; set; }

    [SupplyParameterFromQuery(Name = "period")]
    public string? Period { get; set; }

    [SupplyParameterFromQuery(Name = "figure")]
    public string? Figure { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        _error = null;
        (_teams, _services) = await Dashboards.ListFiltersAsync();
        if (Dashboards.ParseFilter(Team, Service, Period, out var error) is not { } filter)
        {
            _error = error;
            _dashboard = null;
            return;
        }
        if (Figure is { Length: > 0 } figure && !Figures.All.Contains(figure))
        {
            _error = $"There is no figure '{figure}'; pick one of the cards.";
            return;
        }
        _dashboard = await Dashboards.ComputeAsync(filter);
        _charts = new DeliveryCharts(_dashboard.Trend);
        _rows = Figure is { Length: > 0 } open ? await Dashboards.DrillDownAsync(filter, open) : null;
    }

    private Task NavigateAsync(string? team = null, string? service = null, string? period = null, string? figure = null)
    {
        Navigation.NavigateTo(Href(team ?? Team, service ?? Service, period ?? _dashboard?.Period ?? Period, figure ?? Figure));
        return Task.CompletedTask;
    }

    /// <summary>From the breakdown: narrow to that team (or, within a team, that service).</summary>
    private Task Breakdown(string key) =>
        _dashboard?.BreakdownBy == "team" ? NavigateAsync(team: key, figure: "") : NavigateAsync(service: key, figure: "");

    private string Href(string? team, string? service, string? period, string? figure) =>
        Navigation.GetUriWithQueryParameters("/dashboards/delivery", new Dictionary<string, object?>
        {
            ["team"] = Blank(team),
            ["service"] = Blank(service),
            ["period"] = Blank(period),
            ["figure"] = Blank(figure),
        });

    private string CsvHref(string path, string? table)
    {
        var query = new Dictionary<string, object?>
        {
            ["team"] = Blank(Team),
            ["service"] = Blank(Service),
            ["period"] = _dashboard?.Period,
            ["figure"] = table is null ? Blank(Figure) : null,
            ["table"] = table,
        };
        // Not under /api: a signed-in browser sends its session cookie, which /api refuses without antiforgery.
        return Navigation.GetUriWithQueryParameters($"/dashboards/{path}", query);
    }

    private static string Moment(DateTimeOffset? at) =>
        at is { } value ? value.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "";

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
