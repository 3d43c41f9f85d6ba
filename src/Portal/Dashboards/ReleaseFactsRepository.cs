using Dapper;
using Microsoft.Data.Sqlite;
using PortalRelease.Portal.Data;

namespace PortalRelease.Portal.Dashboards;

/// <summary>
/// The <c>release_facts</c> table: written only by <see cref="ReleaseFactsProjector"/>, read by the dashboards.
/// Rows are read by column ordinal and times kept as Unix milliseconds: a quarter of a large team is tens of
/// thousands of rows per request.
/// </summary>
public sealed class ReleaseFactsRepository(PortalDatabase connections)
{
    internal const string Columns =
        "r.release_id, r.last_seq, r.team, r.service, r.version, r.created_at, r.commit_at, r.build_at, r.deployed_at, " +
        "r.promoted_at, r.failed_at, r.rolled_back_at, r.settled_at, r.state, r.paused, r.awaiting, r.failed, r.failure, " +
        "r.incidents, r.incident_opened_at, r.incident_resolved_at, r.fixes";

    /// <summary>The columns the figures use, all in the covering indexes of 0005_release_facts.sql; then fixes-failed.</summary>
    internal const string FigureColumns =
        "r.release_id, r.team, r.service, r.deployed_at, r.promoted_at, r.commit_at, r.build_at, r.failed, r.failed_at, " +
        "r.rolled_back_at, r.incident_resolved_at, r.fixes";

    // Until the dashboards' SQL moves into Data/ behind the dialect, they run on SQLite only.
    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken = default) => (SqliteConnection)await connections.OpenAsync(cancellationToken);

    /// <summary>The facts of the given releases that exist.</summary>
    public async Task<Dictionary<string, ReleaseFact>> LoadAsync(SqliteConnection connection, IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        var facts = new Dictionary<string, ReleaseFact>(StringComparer.Ordinal);
        foreach (var chunk in ids.Chunk(500))
        {
            await using var command = connection.CreateCommand();
            var names = new List<string>(chunk.Length);
            for (var i = 0; i < chunk.Length; i++)
            {
                names.Add("$p" + i);
                command.Parameters.AddWithValue("$p" + i, chunk[i]);
            }
            command.CommandText = $"SELECT {Columns}, 0 FROM release_facts r WHERE r.release_id IN ({string.Join(',', names)})";
            foreach (var fact in await ReadAsync(command, cancellationToken))
            {
                facts[fact.ReleaseId] = fact;
            }
        }
        return facts;
    }

    /// <summary>Runs a query whose first columns are <see cref="Columns"/> followed by a fixes-failed flag.</summary>
    internal static async Task<List<ReleaseFact>> ReadAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        var facts = new List<ReleaseFact>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        // SQLite reads are synchronous underneath: Read() spares an async state machine per row.
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            facts.Add(new ReleaseFact
            {
                ReleaseId = reader.GetString(0),
                LastSeq = reader.GetInt64(1),
                Team = reader.GetString(2),
                Service = reader.GetString(3),
                Version = reader.GetString(4),
                CreatedAt = Time(reader, 5)!.Value,
                CommitAt = Time(reader, 6),
                BuildAt = Time(reader, 7),
                DeployedAt = Time(reader, 8),
                PromotedAt = Time(reader, 9),
                FailedAt = Time(reader, 10),
                RolledBackAt = Time(reader, 11),
                SettledAt = Time(reader, 12),
                State = reader.GetString(13),
                Paused = reader.GetInt64(14) != 0,
                Awaiting = reader.GetInt64(15) != 0,
                Failed = reader.GetInt64(16) != 0,
                Failure = reader.IsDBNull(17) ? null : reader.GetString(17),
                Incidents = reader.GetInt32(18),
                IncidentOpenedAt = Time(reader, 19),
                IncidentResolvedAt = Time(reader, 20),
                Fixes = reader.IsDBNull(21) ? null : reader.GetString(21),
                FixesFailed = !reader.IsDBNull(22) && reader.GetInt64(22) != 0,
            });
        }
        return facts;
    }

    /// <summary>Runs a query whose columns are <see cref="FigureColumns"/> followed by a fixes-failed flag.</summary>
    internal static List<ReleaseFact> ReadFigures(SqliteCommand command, CancellationToken cancellationToken)
    {
        var facts = new List<ReleaseFact>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            facts.Add(new ReleaseFact
            {
                ReleaseId = reader.GetString(0),
                Team = reader.GetString(1),
                Service = reader.GetString(2),
                DeployedAt = Time(reader, 3),
                PromotedAt = Time(reader, 4),
                CommitAt = Time(reader, 5),
                BuildAt = Time(reader, 6),
                Failed = reader.GetInt64(7) != 0,
                FailedAt = Time(reader, 8),
                RolledBackAt = Time(reader, 9),
                IncidentResolvedAt = Time(reader, 10),
                Fixes = reader.IsDBNull(11) ? null : reader.GetString(11),
                FixesFailed = !reader.IsDBNull(12) && reader.GetInt64(12) != 0,
            });
        }
        return facts;
    }

    private static DateTimeOffset? Time(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));

    internal static object Ms(DateTimeOffset? value) => value is { } v ? v.ToUnixTimeMilliseconds() : DBNull.Value;

    /// <summary>Inserts or replaces facts in one transaction with one prepared statement.</summary>
    public static async Task UpsertAsync(SqliteConnection connection, IEnumerable<ReleaseFact> facts, CancellationToken cancellationToken)
    {
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText =
            "INSERT OR REPLACE INTO release_facts (release_id, last_seq, team, service, version, created_at, commit_at, build_at, " +
            "deployed_at, promoted_at, failed_at, rolled_back_at, settled_at, state, paused, awaiting, failed, failure, incidents, " +
            "incident_opened_at, incident_resolved_at, fixes) VALUES " +
            "($0, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)";
        var p = new SqliteParameter[22];
        for (var i = 0; i < p.Length; i++)
        {
            // No declared type: each value binds as what it is (text, integer or null).
            p[i] = command.CreateParameter();
            p[i].ParameterName = "$" + i;
            command.Parameters.Add(p[i]);
        }
        command.Prepare();
        foreach (var f in facts)
        {
            p[0].Value = f.ReleaseId;
            p[1].Value = f.LastSeq;
            p[2].Value = f.Team;
            p[3].Value = f.Service;
            p[4].Value = f.Version;
            p[5].Value = f.CreatedAt.ToUnixTimeMilliseconds();
            p[6].Value = Ms(f.CommitAt);
            p[7].Value = Ms(f.BuildAt);
            p[8].Value = Ms(f.DeployedAt);
            p[9].Value = Ms(f.PromotedAt);
            p[10].Value = Ms(f.FailedAt);
            p[11].Value = Ms(f.RolledBackAt);
            p[12].Value = Ms(f.SettledAt);
            p[13].Value = f.State;
            p[14].Value = f.Paused ? 1 : 0;
            p[15].Value = f.Awaiting ? 1 : 0;
            p[16].Value = f.Failed ? 1 : 0;
            p[17].Value = (object?)f.Failure ?? DBNull.Value;
            p[18].Value = f.Incidents;
            p[19].Value = Ms(f.IncidentOpenedAt);
            p[20].Value = Ms(f.IncidentResolvedAt);
            p[21].Value = (object?)f.Fixes ?? DBNull.Value;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Releases whose facts are missing or behind their journal, with how far their facts have read (0 when missing).</summary>
    public async Task<List<(string ReleaseId, long FactSeq)>> ListStaleAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        // MAX(seq) per release comes from the journal's (release_id, seq) index alone.
        var rows = await connection.QueryAsync<(string, long)>(new CommandDefinition(
            """
            SELECT j.release_id, COALESCE(f.last_seq, 0)
            FROM (SELECT release_id, MAX(seq) AS seq FROM journal GROUP BY release_id) j
            LEFT JOIN release_facts f ON f.release_id = j.release_id
            WHERE f.release_id IS NULL OR f.last_seq < j.seq
            """,
            cancellationToken: cancellationToken));
        return rows.ToList();
    }

    /// <summary>Forgets every fact (they are rebuilt from the journal); the journal itself is never touched.</summary>
    public async Task DeleteAllAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM release_facts", cancellationToken: cancellationToken));
    }

    /// <summary>Every fact, in release id order: for comparing a rebuild with what was there.</summary>
    public async Task<List<ReleaseFact>> ListAllAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns}, 0 FROM release_facts r ORDER BY r.release_id";
        return await ReadAsync(command, cancellationToken);
    }
}
