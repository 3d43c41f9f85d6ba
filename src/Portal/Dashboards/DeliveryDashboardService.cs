using Microsoft.Data.Sqlite;

namespace PortalRelease.Portal.Dashboards;

/// <summary>
/// Reads the release facts a dashboard needs (indexed by team or service and time) and hands them to
/// <see cref="DeliveryCalculator"/>. Also validates the request's filters, for the API and the page alike.
/// </summary>
public sealed class DeliveryDashboardService(ReleaseFactsRepository facts, TimeProvider time)
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

    /// <summary>The dashboard, tallied in SQLite (see <see cref="DeliveryTallyQueries"/>) from one snapshot of the facts.</summary>
    public async Task<DeliveryDashboard> ComputeAsync(DeliveryFilter filter, CancellationToken cancellationToken = default)
    {
        var (tallies, open) = await TallyAsync(filter, cancellationToken);
        return DeliveryCalculator.Compose(filter, tallies, open);
    }

    /// <summary>What <see cref="ComputeAsync"/> reads: the tallies of the period and the releases not settled now.</summary>
    public async Task<(DeliveryTallies Tallies, IReadOnlyList<ReleaseFact> Open)> TallyAsync(DeliveryFilter filter, CancellationToken cancellationToken = default)
    {
        await using var connection = await facts.OpenAsync(cancellationToken);
        // A read transaction: every query sees the same facts even while the projector writes.
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        var tallies = DeliveryTallyQueries.Tally(connection, transaction, filter, cancellationToken);
        return (tallies, await OpenAsync(connection, filter, cancellationToken, transaction));
    }

    /// <summary>
    /// The same dashboard from every fact of the period read one by one, as the drill-down reads them: the reference
    /// the tallying queries are tested against, and the bench's baseline.
    /// </summary>
    public async Task<DeliveryDashboard> ComputeFromFactsAsync(DeliveryFilter filter, CancellationToken cancellationToken = default) =>
        DeliveryCalculator.Compute(filter, await ReadAsync(filter, figuresOnly: true, cancellationToken));

    public async Task<IReadOnlyList<DrillDownRow>> DrillDownAsync(DeliveryFilter filter, string figure, CancellationToken cancellationToken = default) =>
        DeliveryCalculator.DrillDown(figure, await ReadAsync(filter, figuresOnly: false, cancellationToken));

    /// <summary>The teams and services that have releases, for the filters.</summary>
    public async Task<(IReadOnlyList<string> Teams, IReadOnlyList<string> Services)> ListFiltersAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await facts.OpenAsync(cancellationToken);
        return (await Distinct(connection, "team", cancellationToken), await Distinct(connection, "service", cancellationToken));
    }

    private static async Task<IReadOnlyList<string>> Distinct(SqliteConnection connection, string column, CancellationToken cancellationToken)
    {
        // One index seek per distinct value (SQLite's skip-scan), not a pass over every release.
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT DISTINCT {column} FROM release_facts ORDER BY {column}";
        var values = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            values.Add(reader.GetString(0));
        }
        return values;
    }

    /// <param name="figuresOnly">Read only what the figures use (from covering indexes); a drill-down shows every column.</param>
    private async Task<DeliveryCalculator.Input> ReadAsync(DeliveryFilter filter, bool figuresOnly, CancellationToken cancellationToken)
    {
        await using var connection = await facts.OpenAsync(cancellationToken);
        var from = filter.Period.From.ToUnixTimeMilliseconds();
        var to = filter.Period.To.ToUnixTimeMilliseconds();
        // Most releases promoted in the window were deployed in it too: read those once, then only the few
        // promoted in the window but deployed before it.
        var deployed = await DeployedAsync(filter, from, to, figuresOnly, cancellationToken);
        // Whole milliseconds, as the facts store them and the queries compare them.
        var promoted = deployed.Where(f => f.PromotedAt?.ToUnixTimeMilliseconds() is { } at && at >= from && at < to)
            .Concat(await WindowAsync(connection, filter, "promoted_at", from, to, " AND (r.deployed_at < $from OR r.deployed_at IS NULL)", figuresOnly, cancellationToken))
            .ToList();
        var open = await OpenAsync(connection, filter, cancellationToken);
        var next = await NextPromotionsAsync(connection, deployed.Where(DeliveryCalculator.NeedsNextPromotion).ToList(), cancellationToken);
        return new DeliveryCalculator.Input(promoted, deployed, open, next);
    }

    /// <summary>
    /// The releases deployed in the window. A long window is read as two halves on two connections at once: the
    /// read is most of a dashboard's cost, and SQLite serves concurrent readers (WAL) on separate cores.
    /// </summary>
    private async Task<List<ReleaseFact>> DeployedAsync(DeliveryFilter filter, long from, long to, bool figuresOnly, CancellationToken cancellationToken)
    {
        var mid = from + (to - from) / 2;
        var halves = await Task.WhenAll(
            Task.Run(() => HalfAsync(from, mid), cancellationToken),
            Task.Run(() => HalfAsync(mid, to), cancellationToken));
        halves[0].AddRange(halves[1]);
        return halves[0];

        async Task<List<ReleaseFact>> HalfAsync(long start, long end)
        {
            await using var connection = await facts.OpenAsync(cancellationToken);
            return await WindowAsync(connection, filter, "deployed_at", start, end, "", figuresOnly, cancellationToken);
        }
    }

    private static async Task<List<ReleaseFact>> WindowAsync(
        SqliteConnection connection, DeliveryFilter filter, string column, long from, long to, string and, bool figuresOnly, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        // The fixed release's failed flag comes along, for the rework rate.
        command.CommandText =
            $"SELECT {(figuresOnly ? ReleaseFactsRepository.FigureColumns : ReleaseFactsRepository.Columns)}, x.failed " +
            $"FROM release_facts r LEFT JOIN release_facts x ON x.release_id = r.fixes " +
            $"WHERE r.{column} >= $from AND r.{column} < $to{and}{Where(command, filter)}";
        command.Parameters.AddWithValue("$from", from);
        command.Parameters.AddWithValue("$to", to);
        return figuresOnly
            ? ReleaseFactsRepository.ReadFigures(command, cancellationToken)
            : await ReleaseFactsRepository.ReadAsync(command, cancellationToken);
    }

    private static async Task<List<ReleaseFact>> OpenAsync(
        SqliteConnection connection, DeliveryFilter filter, CancellationToken cancellationToken, SqliteTransaction? transaction = null)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        // Unary + keeps SQLite off the team and service indexes, which would visit every release of the team: the
        // partial index of unsettled releases is the small one.
        command.CommandText = $"SELECT {ReleaseFactsRepository.Columns}, 0 FROM release_facts r WHERE r.settled_at IS NULL{Where(command, filter, "+")}";
        return await ReleaseFactsRepository.ReadAsync(command, cancellationToken);
    }

    private static string Where(SqliteCommand command, DeliveryFilter filter, string indexHint = "")
    {
        var where = "";
        if (filter.Team is not null)
        {
            where += $" AND {indexHint}r.team = $team";
            command.Parameters.AddWithValue("$team", filter.Team);
        }
        if (filter.Service is not null)
        {
            where += $" AND {indexHint}r.service = $service";
            command.Parameters.AddWithValue("$service", filter.Service);
        }
        return where;
    }

    /// <summary>For each failed release, the first later promotion of another release of its service: one index seek each.</summary>
    internal static async Task<Dictionary<string, DateTimeOffset>> NextPromotionsAsync(
        SqliteConnection connection, List<ReleaseFact> failed, CancellationToken cancellationToken, SqliteTransaction? transaction = null)
    {
        var next = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        if (failed.Count == 0)
        {
            return next;
        }
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText =
            // ORDER BY … LIMIT 1 stops at the first index entry; MIN() with the extra condition would read them all.
            "SELECT promoted_at FROM release_facts WHERE service = $service AND promoted_at > $after AND release_id <> $id ORDER BY promoted_at LIMIT 1";
        var service = command.Parameters.Add("$service", SqliteType.Text);
        var after = command.Parameters.Add("$after", SqliteType.Integer);
        var id = command.Parameters.Add("$id", SqliteType.Text);
        command.Prepare();
        foreach (var fact in failed)
        {
            service.Value = fact.Service;
            after.Value = fact.FailedAt!.Value.ToUnixTimeMilliseconds();
            id.Value = fact.ReleaseId;
            if (await command.ExecuteScalarAsync(cancellationToken) is long ms)
            {
                next[fact.ReleaseId] = DateTimeOffset.FromUnixTimeMilliseconds(ms);
            }
        }
        return next;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
