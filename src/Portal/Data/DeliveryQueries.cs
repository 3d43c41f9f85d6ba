using System.Data;
using System.Data.Common;
using PortalRelease.Portal.Dashboards;

namespace PortalRelease.Portal.Data;

/// <summary>
/// The delivery dashboard's reads of <c>release_facts</c> (indexed by team or service and time): the tallies, the
/// releases in flight, and for the drill-down every fact of a window.
/// </summary>
public sealed class DeliveryQueries(PortalDatabase connections)
{
    /// <summary>The tallies of the period (see <see cref="DeliveryTallyQueries"/>) and the releases not settled now.</summary>
    public async Task<(DeliveryTallies Tallies, IReadOnlyList<ReleaseFact> Open)> TallyAsync(DeliveryFilter filter, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        // One snapshot: every query sees the same facts while the projector writes, and none holds the write lock.
        await using var transaction = await connections.BeginSnapshotAsync(connection, cancellationToken);
        var tallies = DeliveryTallyQueries.Tally(connection, transaction, filter, cancellationToken);
        return (tallies, await OpenAsync(connection, transaction, filter, cancellationToken));
    }

    /// <summary>The releases not settled now.</summary>
    public async Task<List<ReleaseFact>> ListOpenAsync(DeliveryFilter filter, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await OpenAsync(connection, null, filter, cancellationToken);
    }

    /// <summary>The teams and services that have releases, for the filters.</summary>
    public async Task<(IReadOnlyList<string> Teams, IReadOnlyList<string> Services)> ListFiltersAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return (await DistinctAsync(connection, "team", cancellationToken), await DistinctAsync(connection, "service", cancellationToken));
    }

    /// <summary>The releases deployed in [<paramref name="from"/>, <paramref name="to"/>) (Unix milliseconds).</summary>
    /// <param name="figuresOnly">Read only what the figures use (from covering indexes); a drill-down shows every column.</param>
    public async Task<List<ReleaseFact>> DeployedInAsync(DeliveryFilter filter, long from, long to, bool figuresOnly, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await WindowAsync(connection, filter, "deployed_at", from, to, "", figuresOnly, cancellationToken);
    }

    /// <summary>The releases promoted in [<paramref name="from"/>, <paramref name="to"/>) that deployed before it, or never.</summary>
    public async Task<List<ReleaseFact>> PromotedInDeployedBeforeAsync(DeliveryFilter filter, long from, long to, bool figuresOnly, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await WindowAsync(
            connection, filter, "promoted_at", from, to, " AND (r.deployed_at < @from OR r.deployed_at IS NULL)", figuresOnly, cancellationToken);
    }

    /// <summary>For each failed release, the first later promotion of another release of its service: one index seek each.</summary>
    public async Task<Dictionary<string, DateTimeOffset>> NextPromotionsAsync(IReadOnlyList<ReleaseFact> failed, CancellationToken cancellationToken = default)
    {
        var next = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        if (failed.Count == 0)
        {
            return next;
        }
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand(
            // ORDER BY … LIMIT 1 stops at the first index entry; MIN() with the extra condition would read them all.
            "SELECT promoted_at FROM release_facts WHERE service = @service AND promoted_at > @after AND release_id <> @id ORDER BY promoted_at LIMIT 1");
        var service = command.AddParameter("@service", DbType.String);
        var after = command.AddParameter("@after", DbType.Int64);
        var id = command.AddParameter("@id", DbType.String);
        await command.PrepareAsync(cancellationToken);
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

    private static async Task<IReadOnlyList<string>> DistinctAsync(DbConnection connection, string column, CancellationToken cancellationToken)
    {
        // One index seek per distinct value (SQLite's skip-scan), not a pass over every release.
        await using var command = connection.CreateCommand($"SELECT DISTINCT {column} FROM release_facts ORDER BY {column}");
        var values = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            values.Add(reader.GetString(0));
        }
        // By bytes, as SQLite's ORDER BY gives them: PostgreSQL orders by the database's collation (en_US puts "core"
        // before "Core-eu"), and teams and services are free text, not keys migration 0025 made collate "C".
        values.Sort(StringComparer.Ordinal);
        return values;
    }

    private static async Task<List<ReleaseFact>> WindowAsync(
        DbConnection connection, DeliveryFilter filter, string column, long from, long to, string and, bool figuresOnly, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        // The fixed release's failed flag comes along, for the rework rate.
        command.CommandText =
            $"SELECT {(figuresOnly ? ReleaseFactRows.FigureColumns : ReleaseFactRows.Columns)}, x.failed " +
            $"FROM release_facts r LEFT JOIN release_facts x ON x.release_id = r.fixes " +
            $"WHERE r.{column} >= @from AND r.{column} < @to{and}{Where(command, filter, static term => term)}";
        command.AddParameter("@from", DbType.Int64, from);
        command.AddParameter("@to", DbType.Int64, to);
        return figuresOnly
            ? await ReleaseFactRows.ReadFiguresAsync(command, cancellationToken)
            : await ReleaseFactRows.ReadAsync(command, cancellationToken);
    }

    private async Task<List<ReleaseFact>> OpenAsync(DbConnection connection, DbTransaction? transaction, DeliveryFilter filter, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        // Off the team and service indexes, which would visit every release of the team: the partial index of
        // unsettled releases is the small one.
        command.CommandText =
            $"SELECT {ReleaseFactRows.Columns}, 0 FROM release_facts r WHERE r.settled_at IS NULL{Where(command, filter, connections.Dialect.NotIndexed)}";
        return await ReleaseFactRows.ReadAsync(command, cancellationToken);
    }

    private static string Where(DbCommand command, DeliveryFilter filter, Func<string, string> term)
    {
        var where = "";
        if (filter.Team is not null)
        {
            where += $" AND {term("r.team")} = @team";
            command.AddParameter("@team", DbType.String, filter.Team);
        }
        if (filter.Service is not null)
        {
            where += $" AND {term("r.service")} = @service";
            command.AddParameter("@service", DbType.String, filter.Service);
        }
        return where;
    }
}
