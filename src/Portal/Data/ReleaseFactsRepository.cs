using System.Data;
using System.Data.Common;
using System.Text;
using System.Text.Json;
using PortalRelease.Portal.Dashboards;
using PortalRelease.Portal.Releases.Journal;

namespace PortalRelease.Portal.Data;

/// <summary>
/// The <c>release_facts</c> table: written only by <see cref="ReleaseFactsProjector"/>, read by the dashboards; and the
/// journal reads the projector folds them from.
/// </summary>
public sealed class ReleaseFactsRepository(PortalDatabase connections)
{
    private const string JournalColumns = "release_id, seq, at, type, actor, data";

    // Monotonic by sequence: a projector that is behind (on another node, or a rebuild racing the stream) never
    // overwrites facts folded further than its own.
    private const string UpsertSql =
        "INSERT INTO release_facts (release_id, last_seq, team, service, version, created_at, commit_at, build_at, " +
        "deployed_at, promoted_at, failed_at, rolled_back_at, settled_at, state, paused, awaiting, failed, failure, incidents, " +
        "incident_opened_at, incident_resolved_at, fixes) VALUES " +
        "(@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8, @p9, @p10, @p11, @p12, @p13, @p14, @p15, @p16, @p17, @p18, @p19, @p20, @p21) " +
        "ON CONFLICT (release_id) DO UPDATE SET last_seq = excluded.last_seq, team = excluded.team, service = excluded.service, " +
        "version = excluded.version, created_at = excluded.created_at, commit_at = excluded.commit_at, build_at = excluded.build_at, " +
        "deployed_at = excluded.deployed_at, promoted_at = excluded.promoted_at, failed_at = excluded.failed_at, " +
        "rolled_back_at = excluded.rolled_back_at, settled_at = excluded.settled_at, state = excluded.state, " +
        "paused = excluded.paused, awaiting = excluded.awaiting, failed = excluded.failed, failure = excluded.failure, " +
        "incidents = excluded.incidents, incident_opened_at = excluded.incident_opened_at, " +
        "incident_resolved_at = excluded.incident_resolved_at, fixes = excluded.fixes " +
        "WHERE release_facts.last_seq < excluded.last_seq";

    // The declared type of each of UpsertSql's parameters, in order.
    private static readonly DbType[] UpsertTypes =
    [
        DbType.String, DbType.Int64, DbType.String, DbType.String, DbType.String, DbType.Int64, DbType.Int64, DbType.Int64,
        DbType.Int64, DbType.Int64, DbType.Int64, DbType.Int64, DbType.Int64, DbType.String, DbType.Int32, DbType.Int32,
        DbType.Int32, DbType.String, DbType.Int32, DbType.Int64, DbType.Int64, DbType.String,
    ];

    /// <summary>A connection for a projector's batch: its loads, journal reads and upsert.</summary>
    public Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default) => connections.OpenAsync(cancellationToken);

    /// <summary>The facts of the given releases that exist.</summary>
    public static async Task<Dictionary<string, ReleaseFact>> LoadAsync(DbConnection connection, IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        var facts = new Dictionary<string, ReleaseFact>(StringComparer.Ordinal);
        foreach (var chunk in ids.Chunk(500))
        {
            await using var command = connection.CreateCommand();
            var sql = new StringBuilder($"SELECT {ReleaseFactRows.Columns}, 0 FROM release_facts r WHERE r.release_id IN (");
            for (var i = 0; i < chunk.Length; i++)
            {
                sql.Append(i == 0 ? "@p" : ", @p").Append(i);
                command.AddParameter("@p" + i, DbType.String, chunk[i]);
            }
            command.CommandText = sql.Append(')').ToString();
            foreach (var fact in await ReleaseFactRows.ReadAsync(command, cancellationToken))
            {
                facts[fact.ReleaseId] = fact;
            }
        }
        return facts;
    }

    /// <summary>
    /// Writes facts in one transaction with one prepared statement; a fact whose stored row has read as far or further
    /// (<see cref="ReleaseFact.LastSeq"/>) is left as stored.
    /// </summary>
    public static async Task UpsertAsync(DbConnection connection, IEnumerable<ReleaseFact> facts, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = connection.CreateCommand(UpsertSql, transaction);
        var p = new DbParameter[UpsertTypes.Length];
        for (var i = 0; i < p.Length; i++)
        {
            p[i] = command.AddParameter("@p" + i, UpsertTypes[i]);
        }
        await command.PrepareAsync(cancellationToken);
        foreach (var f in facts)
        {
            p[0].Value = f.ReleaseId;
            p[1].Value = f.LastSeq;
            p[2].Value = f.Team;
            p[3].Value = f.Service;
            p[4].Value = f.Version;
            p[5].Value = f.CreatedAt.ToUnixTimeMilliseconds();
            p[6].Value = ReleaseFactRows.Ms(f.CommitAt);
            p[7].Value = ReleaseFactRows.Ms(f.BuildAt);
            p[8].Value = ReleaseFactRows.Ms(f.DeployedAt);
            p[9].Value = ReleaseFactRows.Ms(f.PromotedAt);
            p[10].Value = ReleaseFactRows.Ms(f.FailedAt);
            p[11].Value = ReleaseFactRows.Ms(f.RolledBackAt);
            p[12].Value = ReleaseFactRows.Ms(f.SettledAt);
            p[13].Value = f.State;
            p[14].Value = f.Paused ? 1 : 0;
            p[15].Value = f.Awaiting ? 1 : 0;
            p[16].Value = f.Failed ? 1 : 0;
            p[17].Value = (object?)f.Failure ?? DBNull.Value;
            p[18].Value = f.Incidents;
            p[19].Value = ReleaseFactRows.Ms(f.IncidentOpenedAt);
            p[20].Value = ReleaseFactRows.Ms(f.IncidentResolvedAt);
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
        await using var command = connection.CreateCommand(
            """
            SELECT j.release_id, COALESCE(f.last_seq, 0)
            FROM (SELECT release_id, MAX(seq) AS seq FROM journal GROUP BY release_id) j
            LEFT JOIN release_facts f ON f.release_id = j.release_id
            WHERE f.release_id IS NULL OR f.last_seq < j.seq
            """);
        var stale = new List<(string, long)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            stale.Add((reader.GetString(0), reader.GetInt64(1)));
        }
        return stale;
    }

    /// <summary>Forgets every fact (they are rebuilt from the journal); the journal itself is never touched.</summary>
    public async Task DeleteAllAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand("DELETE FROM release_facts");
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Every fact, in release id order: for comparing a rebuild with what was there.</summary>
    public async Task<List<ReleaseFact>> ListAllAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand($"SELECT {ReleaseFactRows.Columns}, 0 FROM release_facts r ORDER BY r.release_id");
        return await ReleaseFactRows.ReadAsync(command, cancellationToken);
    }

    /// <summary>
    /// Visits the events of one release after <paramref name="afterSeq"/> up to <paramref name="upTo"/>, in order. Only
    /// payloads of <paramref name="parsed"/> types are parsed: the others fold by type alone.
    /// </summary>
    public static async Task ReadJournalAsync(
        DbConnection connection, string releaseId, long afterSeq, long upTo, IReadOnlySet<string> parsed, Action<JournalEvent> visit, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand(
            $"SELECT {JournalColumns} FROM journal WHERE release_id = @r AND seq > @s AND seq <= @u ORDER BY seq");
        command.AddParameter("@r", DbType.String, releaseId);
        command.AddParameter("@s", DbType.Int64, afterSeq);
        command.AddParameter("@u", DbType.Int64, upTo);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            visit(ToEvent(reader, parsed));
        }
    }

    /// <summary>
    /// One pass over the whole journal in storage order, visiting the events of <paramref name="releaseIds"/>. Per release,
    /// storage order is sequence order: a release's events are committed in sequence.
    /// </summary>
    public static async Task ScanJournalAsync(
        DbConnection connection, IReadOnlySet<string> releaseIds, IReadOnlySet<string> parsed, Action<JournalEvent> visit, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand($"SELECT {JournalColumns} FROM journal ORDER BY id");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (releaseIds.Contains(reader.GetString(0)))
            {
                visit(ToEvent(reader, parsed));
            }
        }
    }

    private static JournalEvent ToEvent(DbDataReader reader, IReadOnlySet<string> parsed)
    {
        var type = reader.GetString(3);
        var data = default(JsonElement);
        if (parsed.Contains(type))
        {
            using var document = JsonDocument.Parse(reader.GetString(5));
            data = document.RootElement.Clone();
        }
        return new JournalEvent(
            reader.GetString(0), reader.GetInt64(1), DbTime.Parse(reader.GetString(2)), type, reader.IsDBNull(4) ? null : reader.GetString(4), data);
    }
}
