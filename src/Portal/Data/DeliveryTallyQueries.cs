using System.Data;
using System.Data.Common;
using PortalRelease.Portal.Dashboards;

namespace PortalRelease.Portal.Data;

/// <summary>
/// Tallies a dashboard's figures in the database instead of reading every release of the period as a <see cref="ReleaseFact"/>.
/// A quarter of a large team is tens of thousands of releases; what the figures need of them is little: counts
/// (deployed, failed, promoted, rework), which the database sums per week itself, and the raw lead and restore times
/// (percentiles cannot be summed from parts), read as bare integers. Each (team, service) pair of the filter is
/// read on its own from the indexes of <c>0008_release_facts_pairs.sql</c>, so a row never carries its team or
/// service as text: the pair being read says which breakdown row it counts in.
/// </summary>
internal static class DeliveryTallyQueries
{
    // Promoted in the window; releases "promoted" before they deployed in a later window count in neither (as the
    // facts path reads them: deployed in the window, or promoted in it having deployed before it or never). Weeks are
    // 604,800,000 ms from the Monday 00:00 UTC of the first week.
    private const string PromotedWhere = "WHERE r.team = @team AND r.service = @service AND r.promoted_at >= @from AND r.promoted_at < @to " +
        "AND (r.deployed_at < @to OR r.deployed_at IS NULL)";

    // Each promoted release as two bare integers: its week and its lead time (the raw values a median needs; NULL
    // without a commit or build time).
    private const string PromotedSql =
        "SELECT (r.promoted_at - @first) / 604800000, r.promoted_at - COALESCE(r.commit_at, r.build_at) FROM release_facts r " + PromotedWhere;

    // How many per week fix a release that failed: only the few that fix anything are read (a partial index).
    private const string ReworkSql =
        "SELECT (r.promoted_at - @first) / 604800000, COUNT(*) FROM release_facts r JOIN release_facts x ON x.release_id = r.fixes " +
        PromotedWhere + " AND r.fixes IS NOT NULL AND x.failed = 1 GROUP BY 1";

    // Deployed and not failed: only how many per week.
    private const string DeployedSql =
        "SELECT (deployed_at - @first) / 604800000, COUNT(*) FROM release_facts " +
        "WHERE team = @team AND service = @service AND failed = 0 AND deployed_at >= @from AND deployed_at < @to GROUP BY 1";

    // Deployed and failed: each one, for its time to restore, with its service's next promotion by another release when
    // only that can tell (DeliveryCalculator.NeedsNextPromotion: failed, and neither an incident resolved nor a rollback
    // at or after the failure): one index seek each, inside the database.
    private const string FailedSql =
        "SELECT (f.deployed_at - @first) / 604800000, f.failed_at, f.incident_resolved_at, f.rolled_back_at, f.release_id, " +
        "CASE WHEN f.failed_at IS NOT NULL AND (f.incident_resolved_at IS NULL OR f.incident_resolved_at < f.failed_at) " +
        "AND (f.rolled_back_at IS NULL OR f.rolled_back_at < f.failed_at) THEN (SELECT p.promoted_at FROM release_facts p " +
        "WHERE p.service = f.service AND p.promoted_at > f.failed_at AND p.release_id <> f.release_id ORDER BY p.promoted_at LIMIT 1) END " +
        "FROM release_facts f WHERE f.team = @team AND f.service = @service AND f.failed = 1 AND f.deployed_at >= @from AND f.deployed_at < @to";

    public static DeliveryTallies Tally(DbConnection connection, DbTransaction? transaction, DeliveryFilter filter, CancellationToken cancellationToken)
    {
        var tallies = new DeliveryTallies(filter.Period);
        var from = filter.Period.From.ToUnixTimeMilliseconds();
        var to = filter.Period.To.ToUnixTimeMilliseconds();
        var first = tallies.FirstWeek.ToUnixTimeMilliseconds();
        var pairs = Pairs(connection, transaction, filter, cancellationToken);

        using var promoted = new PairQuery(connection, transaction, PromotedSql, from, to, first);
        using var rework = new PairQuery(connection, transaction, ReworkSql, from, to, first);
        using var deployed = new PairQuery(connection, transaction, DeployedSql, from, to, first);
        using var failed = new PairQuery(connection, transaction, FailedSql, from, to, first);
        var failures = new List<(ReleaseFact Fact, DeliveryTally Group, int Week)>();
        var next = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var (team, service) in pairs)
        {
            // A team (or service) with nothing in the period has no breakdown row: its tally is made on its first release.
            var key = filter.Team is null ? team : service;
            DeliveryTally? tally = null;
            DeliveryTally Group() => tally ??= tallies.Group(key);
            foreach (var query in new[] { promoted, rework, deployed, failed })
            {
                query.For(team, service);
            }
            using (var reader = promoted.Command.ExecuteReader())
            {
                // Synchronous: SQLite reads are synchronous underneath, and Read() spares an async state machine per row.
                while (reader.Read())
                {
                    var week = (int)reader.GetInt64(0);
                    tallies.AddPromoted(Group(), week, 1, 0);
                    if (!reader.IsDBNull(1))
                    {
                        tallies.AddLead(Group(), week, new TimeSpan(reader.GetInt64(1) * TimeSpan.TicksPerMillisecond).TotalHours);
                    }
                }
            }
            using (var reader = rework.Command.ExecuteReader())
            {
                while (reader.Read())
                {
                    // Already counted as promoted above; here only as rework.
                    tallies.AddPromoted(Group(), (int)reader.GetInt64(0), 0, (int)reader.GetInt64(1));
                }
            }
            cancellationToken.ThrowIfCancellationRequested();
            using (var reader = deployed.Command.ExecuteReader())
            {
                while (reader.Read())
                {
                    tallies.AddDeployed(Group(), (int)reader.GetInt64(0), (int)reader.GetInt64(1));
                }
            }
            using (var reader = failed.Command.ExecuteReader())
            {
                while (reader.Read())
                {
                    var fact = new ReleaseFact
                    {
                        ReleaseId = reader.GetString(4),
                        Team = team,
                        Service = service,
                        Failed = true,
                        FailedAt = Time(reader, 1),
                        IncidentResolvedAt = Time(reader, 2),
                        RolledBackAt = Time(reader, 3),
                    };
                    if (Time(reader, 5) is { } nextPromoted)
                    {
                        next[fact.ReleaseId] = nextPromoted;
                    }
                    failures.Add((fact, Group(), (int)reader.GetInt64(0)));
                }
            }
        }
        foreach (var (fact, group, week) in failures)
        {
            tallies.AddFailed(group, week, DeliveryCalculator.RestoreHours(fact, next));
        }
        return tallies;
    }

    /// <summary>
    /// The (team, service) pairs the filter covers that have releases, found by skipping through the pairs' index one
    /// seek per pair (a loose index scan): never a pass over the releases themselves.
    /// </summary>
    private static List<(string Team, string Service)> Pairs(
        DbConnection connection, DbTransaction? transaction, DeliveryFilter filter, CancellationToken cancellationToken)
    {
        if (filter.Team is { } team && filter.Service is { } service)
        {
            return [(team, service)];
        }
        var (firstSql, nextSql) = filter.Team is not null
            ? ("SELECT team, service FROM release_facts WHERE team = @team ORDER BY service LIMIT 1",
                "SELECT team, service FROM release_facts WHERE team = @team AND service > @service ORDER BY service LIMIT 1")
            : ("SELECT team, service FROM release_facts ORDER BY team, service LIMIT 1",
                "SELECT team, service FROM release_facts WHERE (team, service) > (@team, @service) ORDER BY team, service LIMIT 1");
        using var command = connection.CreateCommand(firstSql, transaction);
        var teamParameter = command.AddParameter("@team", DbType.String, filter.Team ?? "");
        var serviceParameter = command.AddParameter("@service", DbType.String, "");
        var pairs = new List<(string, string)>();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            (string Team, string Service) pair;
            using (var reader = command.ExecuteReader())
            {
                if (!reader.Read())
                {
                    return pairs;
                }
                pair = (reader.GetString(0), reader.GetString(1));
            }
            if (filter.Service is null || pair.Service == filter.Service)
            {
                pairs.Add(pair);
            }
            command.CommandText = nextSql;
            teamParameter.Value = pair.Team;
            serviceParameter.Value = pair.Service;
        }
    }

    /// <summary>One of the per-pair queries, prepared once and run for each (team, service) pair.</summary>
    private sealed class PairQuery : IDisposable
    {
        private readonly DbParameter _team, _service;

        public PairQuery(DbConnection connection, DbTransaction? transaction, string sql, long from, long to, long first)
        {
            Command = connection.CreateCommand(sql, transaction);
            _team = Command.AddParameter("@team", DbType.String);
            _service = Command.AddParameter("@service", DbType.String);
            Command.AddParameter("@from", DbType.Int64, from);
            Command.AddParameter("@to", DbType.Int64, to);
            Command.AddParameter("@first", DbType.Int64, first);
            Command.Prepare();
        }

        public DbCommand Command { get; }

        public void For(string team, string service)
        {
            _team.Value = team;
            _service.Value = service;
        }

        public void Dispose() => Command.Dispose();
    }

    private static DateTimeOffset? Time(DbDataReader reader, int ordinal) => ReleaseFactRows.Time(reader, ordinal);
}
