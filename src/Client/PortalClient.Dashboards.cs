using PortalRelease.Contracts;

namespace PortalRelease.Client;

public sealed partial class PortalClient
{
    /// <summary>
    /// <c>GET /api/dashboards/delivery</c>: the delivery figures (deployments, lead time, change failure rate, time to
    /// restore, rework) for a team and/or service over <paramref name="period"/> (<c>7d</c>, <c>30d</c>, <c>90d</c>,
    /// <c>quarter</c> or a quarter like <c>2026-Q3</c>; the portal's default when null). A bad filter is a 400.
    /// </summary>
    public async Task<DeliveryDashboardView> GetDeliveryDashboardAsync(string? team = null, string? service = null, string? period = null, CancellationToken cancellationToken = default)
    {
        using var message = Request(HttpMethod.Get, WithQuery("api/dashboards/delivery", ("team", team), ("service", service), ("period", period)));
        return await SendAsync<DeliveryDashboardView>(message, cancellationToken);
    }

    /// <summary>
    /// <c>GET /api/dashboards/delivery/releases</c>: the releases behind one figure (<paramref name="figure"/> as a
    /// <see cref="KpiView.Figure"/> names it: <c>deployments</c>, <c>lead-time</c>, <c>cfr</c>, …) with the moments it used.
    /// </summary>
    public async Task<IReadOnlyList<DrillDownRowView>> ListDeliveryReleasesAsync(
        string figure, string? team = null, string? service = null, string? period = null, CancellationToken cancellationToken = default)
    {
        using var message = Request(HttpMethod.Get, WithQuery("api/dashboards/delivery/releases", ("figure", figure), ("team", team), ("service", service), ("period", period)));
        return await SendAsync<List<DrillDownRowView>>(message, cancellationToken);
    }

    /// <summary>
    /// <c>GET /api/dashboards/delivery.csv</c>: one table of the dashboard (<paramref name="table"/>: <c>summary</c>,
    /// <c>trend</c> or <c>breakdown</c>) as CSV with a header row. A string, not a stream: a table is a few rows per
    /// figure or week, and a caller usually writes it to a file or a report whole.
    /// </summary>
    public async Task<string> GetDeliveryDashboardCsvAsync(
        string? table = null, string? team = null, string? service = null, string? period = null, CancellationToken cancellationToken = default)
    {
        using var message = Request(HttpMethod.Get, WithQuery("api/dashboards/delivery.csv", ("team", team), ("service", service), ("period", period), ("table", table)));
        return await SendForTextAsync(message, "text/csv", cancellationToken);
    }

    /// <summary>
    /// <c>GET /api/dashboards/delivery/releases.csv</c>: <see cref="ListDeliveryReleasesAsync"/> as CSV. A string for the
    /// same reason as <see cref="GetDeliveryDashboardCsvAsync"/>: one row per release of the period, read whole.
    /// </summary>
    public async Task<string> GetDeliveryReleasesCsvAsync(
        string figure, string? team = null, string? service = null, string? period = null, CancellationToken cancellationToken = default)
    {
        using var message = Request(HttpMethod.Get, WithQuery("api/dashboards/delivery/releases.csv", ("figure", figure), ("team", team), ("service", service), ("period", period)));
        return await SendForTextAsync(message, "text/csv", cancellationToken);
    }
}
