using PortalRelease.Portal.Data;

namespace PortalRelease.Portal.Dashboards;

/// <summary>
/// Reads the release facts a dashboard needs (<see cref="DeliveryQueries"/>) and hands them to
/// <see cref="DeliveryCalculator"/>. Also validates the request's filters, for the API and the page alike.
/// </summary>
public sealed class DeliveryDashboardService(DeliveryQueries queries, TimeProvider time)
{
    private const int MaxNameLength = 100;

    /// <summary>Checks the query string's filters; null with <paramref name="error"/> naming the bad field otherwise.</summary>
    public DeliveryFilter? ParseFilter(string? team, string? service, string? period, out string? error)
    {
        error = null;
        foreach (var (field, value) in new[] { ("team", team), ("service", service) })
        {
            if (value is { Length: > MaxNameLength } || value?.Any(char.IsControl) == true)
            {
                error = $"'{field}' must be at most {MaxNameLength} printable characters.";
                return null;
            }
        }
        var parsed = DeliveryPeriod.Parse(period, time.GetUtcNow(), out error);
        return parsed is null ? null : new DeliveryFilter(Blank(team), Blank(service), parsed);
    }

    /// <summary>The dashboard, tallied in the database (see <see cref="DeliveryTallyQueries"/>) from one snapshot of the facts.</summary>
    public async Task<DeliveryDashboard> ComputeAsync(DeliveryFilter filter, CancellationToken cancellationToken = default)
    {
        var (tallies, open) = await TallyAsync(filter, cancellationToken);
        return DeliveryCalculator.Compose(filter, tallies, open);
    }

    /// <summary>What <see cref="ComputeAsync"/> reads: the tallies of the period and the releases not settled now.</summary>
    public Task<(DeliveryTallies Tallies, IReadOnlyList<ReleaseFact> Open)> TallyAsync(DeliveryFilter filter, CancellationToken cancellationToken = default) =>
        queries.TallyAsync(filter, cancellationToken);

    /// <summary>
    /// The same dashboard from every fact of the period read one by one, as the drill-down reads them: the reference
    /// the tallying queries are tested against, and the bench's baseline.
    /// </summary>
    public async Task<DeliveryDashboard> ComputeFromFactsAsync(DeliveryFilter filter, CancellationToken cancellationToken = default) =>
        DeliveryCalculator.Compute(filter, await ReadAsync(filter, figuresOnly: true, cancellationToken));

    public async Task<IReadOnlyList<DrillDownRow>> DrillDownAsync(DeliveryFilter filter, string figure, CancellationToken cancellationToken = default) =>
        DeliveryCalculator.DrillDown(figure, await ReadAsync(filter, figuresOnly: false, cancellationToken));

    /// <summary>The teams and services that have releases, for the filters.</summary>
    public Task<(IReadOnlyList<string> Teams, IReadOnlyList<string> Services)> ListFiltersAsync(CancellationToken cancellationToken = default) =>
        queries.ListFiltersAsync(cancellationToken);

    /// <param name="figuresOnly">Read only what the figures use (from covering indexes); a drill-down shows every column.</param>
    private async Task<DeliveryCalculator.Input> ReadAsync(DeliveryFilter filter, bool figuresOnly, CancellationToken cancellationToken)
    {
        var from = filter.Period.From.ToUnixTimeMilliseconds();
        var to = filter.Period.To.ToUnixTimeMilliseconds();
        // Most releases promoted in the window were deployed in it too: read those once, then only the few
        // promoted in the window but deployed before it.
        var deployed = await DeployedAsync(filter, from, to, figuresOnly, cancellationToken);
        // Whole milliseconds, as the facts store them and the queries compare them.
        var promoted = deployed.Where(f => f.PromotedAt?.ToUnixTimeMilliseconds() is { } at && at >= from && at < to)
            .Concat(await queries.PromotedInDeployedBeforeAsync(filter, from, to, figuresOnly, cancellationToken))
            .ToList();
        var open = await queries.ListOpenAsync(filter, cancellationToken);
        var next = await queries.NextPromotionsAsync(deployed.Where(DeliveryCalculator.NeedsNextPromotion).ToList(), cancellationToken);
        return new DeliveryCalculator.Input(promoted, deployed, open, next);
    }

    /// <summary>
    /// The releases deployed in the window. A long window is read as two halves on two connections at once: the
    /// read is most of a dashboard's cost, and the database serves concurrent readers on separate cores.
    /// </summary>
    private async Task<List<ReleaseFact>> DeployedAsync(DeliveryFilter filter, long from, long to, bool figuresOnly, CancellationToken cancellationToken)
    {
        var mid = from + (to - from) / 2;
        var halves = await Task.WhenAll(
            Task.Run(() => queries.DeployedInAsync(filter, from, mid, figuresOnly, cancellationToken), cancellationToken),
            Task.Run(() => queries.DeployedInAsync(filter, mid, to, figuresOnly, cancellationToken), cancellationToken));
        halves[0].AddRange(halves[1]);
        return halves[0];
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
