using System.Data.Common;
using PortalRelease.Portal.Dashboards;

namespace PortalRelease.Portal.Data;

/// <summary>
/// Reads <c>release_facts</c> rows by column ordinal, times kept as Unix milliseconds: a quarter of a large team is tens
/// of thousands of rows per request.
/// </summary>
internal static class ReleaseFactRows
{
    public const string Columns =
        "r.release_id, r.last_seq, r.team, r.service, r.version, r.created_at, r.commit_at, r.build_at, r.deployed_at, " +
        "r.promoted_at, r.failed_at, r.rolled_back_at, r.settled_at, r.state, r.paused, r.awaiting, r.failed, r.failure, " +
        "r.incidents, r.incident_opened_at, r.incident_resolved_at, r.fixes";

    /// <summary>The columns the figures use, all in the covering indexes of 0005_release_facts.sql; then fixes-failed.</summary>
    public const string FigureColumns =
        "r.release_id, r.team, r.service, r.deployed_at, r.promoted_at, r.commit_at, r.build_at, r.failed, r.failed_at, " +
        "r.rolled_back_at, r.incident_resolved_at, r.fixes";

    /// <summary>Runs a query whose first columns are <see cref="Columns"/> followed by a fixes-failed flag.</summary>
    public static async Task<List<ReleaseFact>> ReadAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var facts = new List<ReleaseFact>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
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
                Paused = Flag(reader, 14),
                Awaiting = Flag(reader, 15),
                Failed = Flag(reader, 16),
                Failure = reader.IsDBNull(17) ? null : reader.GetString(17),
                Incidents = (int)reader.GetInt64(18),
                IncidentOpenedAt = Time(reader, 19),
                IncidentResolvedAt = Time(reader, 20),
                Fixes = reader.IsDBNull(21) ? null : reader.GetString(21),
                FixesFailed = !reader.IsDBNull(22) && Flag(reader, 22),
            });
        }
        return facts;
    }

    /// <summary>Runs a query whose columns are <see cref="FigureColumns"/> followed by a fixes-failed flag.</summary>
    public static async Task<List<ReleaseFact>> ReadFiguresAsync(DbCommand command, CancellationToken cancellationToken)
    {
        var facts = new List<ReleaseFact>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            facts.Add(new ReleaseFact
            {
                ReleaseId = reader.GetString(0),
                Team = reader.GetString(1),
                Service = reader.GetString(2),
                DeployedAt = Time(reader, 3),
                PromotedAt = Time(reader, 4),
                CommitAt = Time(reader, 5),
                BuildAt = Time(reader, 6),
                Failed = Flag(reader, 7),
                FailedAt = Time(reader, 8),
                RolledBackAt = Time(reader, 9),
                IncidentResolvedAt = Time(reader, 10),
                Fixes = reader.IsDBNull(11) ? null : reader.GetString(11),
                FixesFailed = !reader.IsDBNull(12) && Flag(reader, 12),
            });
        }
        return facts;
    }

    public static DateTimeOffset? Time(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(ordinal));

    /// <summary>A 0/1 flag: 64-bit on SQLite, INTEGER on PostgreSQL, read widened on both.</summary>
    public static bool Flag(DbDataReader reader, int ordinal) => reader.GetInt64(ordinal) != 0;

    public static object Ms(DateTimeOffset? value) => value is { } v ? v.ToUnixTimeMilliseconds() : DBNull.Value;
}
