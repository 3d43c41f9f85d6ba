using PortalRelease.Contracts;
using PortalRelease.Portal.Api.OpenApi;
using PortalRelease.Portal.Dashboards;

namespace PortalRelease.Portal.Api;

/// <summary>The delivery dashboard as JSON and CSV, and the releases behind each figure.</summary>
public static class DashboardEndpoints
{
    /// <summary>Where the dashboard page's CSV links point: outside <c>/api</c>, so the session cookie is enough.</summary>
    public const string PageCsvPath = "/dashboards/delivery.csv";

    public const string PageReleasesCsvPath = "/dashboards/delivery/releases.csv";

    public static void MapDashboardEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/dashboards/delivery", async (string? team, string? service, string? period, DeliveryDashboardService dashboards, CancellationToken ct) =>
            dashboards.ParseFilter(team, service, period, out var error) is { } filter
                ? Results.Ok((await dashboards.ComputeAsync(filter, ct)).ToView())
                : Problems.BadRequest(error!))
            .WithName("GetDeliveryDashboard").Produces<DeliveryDashboardView>().ProducesProblems(400);

        api.MapGet("/dashboards/delivery.csv", SummaryCsvAsync)
            .WithName("GetDeliveryDashboardCsv").Produces<string>(StatusCodes.Status200OK, "text/csv").ProducesProblems(400);

        api.MapGet("/dashboards/delivery/releases", async (string? figure, string? team, string? service, string? period, DeliveryDashboardService dashboards, CancellationToken ct) =>
            await DrillDownAsync(figure, team, service, period, dashboards, ct) is ({ } rows, _) ? Results.Ok(rows.Select(r => r.ToView())) : Problems.BadRequest(DrillDownError(figure, team, service, period, dashboards)))
            .WithName("ListDeliveryDashboardReleases").Produces<IReadOnlyList<DrillDownRowView>>().ProducesProblems(400);

        api.MapGet("/dashboards/delivery/releases.csv", ReleasesCsvAsync)
            .WithName("ListDeliveryDashboardReleasesCsv").Produces<string>(StatusCodes.Status200OK, "text/csv").ProducesProblems(400);
    }

    /// <summary>
    /// The CSV downloads as the dashboard page links to them: the same answers as under <c>/api</c>, for a browser signed
    /// in with its session cookie (which never authenticates <c>/api</c>). GETs that change nothing, whose answer a page
    /// on another site cannot read, so the cookie riding on them gives a forger nothing (as <see cref="AuditEndpoints.PageExportPath"/>).
    /// </summary>
    public static IEndpointRouteBuilder MapDashboardDownloads(this IEndpointRouteBuilder app)
    {
        app.MapGet(PageCsvPath, SummaryCsvAsync);
        app.MapGet(PageReleasesCsvPath, ReleasesCsvAsync);
        return app;
    }

    private static async Task<IResult> SummaryCsvAsync(string? team, string? service, string? period, string? table, DeliveryDashboardService dashboards, CancellationToken ct)
    {
        if (dashboards.ParseFilter(team, service, period, out var error) is not { } filter)
        {
            return Problems.BadRequest(error!);
        }
        var name = string.IsNullOrWhiteSpace(table) ? "summary" : table;
        if (!DeliveryCsv.Tables.Contains(name))
        {
            return Problems.BadRequest($"'table' must be one of {string.Join(", ", DeliveryCsv.Tables)}; got '{table}'.");
        }
        var dashboard = await dashboards.ComputeAsync(filter, ct);
        var csv = name switch
        {
            "trend" => DeliveryCsv.Trend(dashboard),
            "breakdown" => DeliveryCsv.Breakdown(dashboard),
            _ => DeliveryCsv.Summary(dashboard),
        };
        return Csv(csv, $"delivery-{name}-{dashboard.Period}.csv");
    }

    private static async Task<IResult> ReleasesCsvAsync(string? figure, string? team, string? service, string? period, DeliveryDashboardService dashboards, CancellationToken ct) =>
        await DrillDownAsync(figure, team, service, period, dashboards, ct) is ({ } rows, var name)
            ? Csv(DeliveryCsv.Releases(rows), $"delivery-{name}.csv")
            : Problems.BadRequest(DrillDownError(figure, team, service, period, dashboards));

    private static async Task<(IReadOnlyList<DrillDownRow>? Rows, string Figure)> DrillDownAsync(
        string? figure, string? team, string? service, string? period, DeliveryDashboardService dashboards, CancellationToken ct)
    {
        if (figure is null || !Figures.All.Contains(figure) || dashboards.ParseFilter(team, service, period, out _) is not { } filter)
        {
            return (null, "");
        }
        return (await dashboards.DrillDownAsync(filter, figure, ct), figure);
    }

    private static string DrillDownError(string? figure, string? team, string? service, string? period, DeliveryDashboardService dashboards) =>
        figure is null || !Figures.All.Contains(figure)
            ? $"'figure' must be one of {string.Join(", ", Figures.All)}; got '{figure}'."
            : dashboards.ParseFilter(team, service, period, out var error) is null ? error! : "The request is not valid.";

    private static IResult Csv(string csv, string fileName) =>
        Results.File(System.Text.Encoding.UTF8.GetBytes(csv), "text/csv; charset=utf-8", fileName);
}
