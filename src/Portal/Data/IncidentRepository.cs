using System.Text.Json;
using Dapper;
using PortalRelease.Portal.Releases.Journal;

namespace PortalRelease.Portal.Data;

/// <summary>One alert as received, with the releases it touched.</summary>
public sealed record IncidentRecord(
    long Id,
    DateTimeOffset ReceivedAt,
    string Fingerprint,
    string Status,
    string? Service,
    string? AlertName,
    string GroupKey,
    string Receiver,
    DateTimeOffset StartsAt,
    DateTimeOffset? EndsAt,
    string? GeneratorUrl,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations,
    IReadOnlyList<string> Releases);

/// <summary>The append-only <c>incidents</c> table: every alert received, in order.</summary>
public sealed class IncidentRepository(PortalDatabase connections)
{
    private sealed record Row(
        long Id, string ReceivedAt, string Fingerprint, string Status, string? Service, string? AlertName, string GroupKey, string Receiver,
        string StartsAt, string? EndsAt, string? GeneratorUrl, string Labels, string Annotations, string Releases)
    {
        public IncidentRecord ToRecord() => new(
            Id, DbTime.Parse(ReceivedAt), Fingerprint, Status, Service, AlertName, GroupKey, Receiver, DbTime.Parse(StartsAt),
            EndsAt is null ? null : DbTime.Parse(EndsAt), GeneratorUrl,
            Deserialize<Dictionary<string, string>>(Labels), Deserialize<Dictionary<string, string>>(Annotations), Deserialize<List<string>>(Releases));

        private static T Deserialize<T>(string json) where T : new() => JsonSerializer.Deserialize<T>(json, JournalJson.Options) ?? new T();
    }

    /// <summary>Stores the alerts of one webhook call in one transaction and returns them with their ids, in order.</summary>
    public async Task<IReadOnlyList<IncidentRecord>> AddAsync(IReadOnlyList<IncidentRecord> incidents, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var stored = new List<IncidentRecord>(incidents.Count);
        foreach (var incident in incidents)
        {
            var id = await connection.ExecuteScalarAsync<long>(
                """
                INSERT INTO incidents (received_at, fingerprint, status, service, alert_name, group_key, receiver, starts_at, ends_at, generator_url, labels, annotations, releases)
                VALUES (@ReceivedAt, @Fingerprint, @Status, @Service, @AlertName, @GroupKey, @Receiver, @StartsAt, @EndsAt, @GeneratorUrl, @Labels, @Annotations, @Releases)
                RETURNING id
                """,
                new
                {
                    ReceivedAt = DbTime.Format(incident.ReceivedAt),
                    incident.Fingerprint,
                    incident.Status,
                    incident.Service,
                    incident.AlertName,
                    incident.GroupKey,
                    incident.Receiver,
                    StartsAt = DbTime.Format(incident.StartsAt),
                    EndsAt = incident.EndsAt is { } end ? DbTime.Format(end) : null,
                    incident.GeneratorUrl,
                    Labels = JsonSerializer.Serialize(incident.Labels, JournalJson.Options),
                    Annotations = JsonSerializer.Serialize(incident.Annotations, JournalJson.Options),
                    Releases = JsonSerializer.Serialize(incident.Releases, JournalJson.Options),
                },
                transaction);
            stored.Add(incident with { Id = id });
        }
        await transaction.CommitAsync(cancellationToken);
        return stored;
    }

    /// <summary>The newest alerts first.</summary>
    public async Task<IReadOnlyList<IncidentRecord>> ListAsync(int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(
            """
            SELECT id AS Id, received_at AS ReceivedAt, fingerprint AS Fingerprint, status AS Status, service AS Service, alert_name AS AlertName,
                   group_key AS GroupKey, receiver AS Receiver, starts_at AS StartsAt, ends_at AS EndsAt, generator_url AS GeneratorUrl,
                   labels AS Labels, annotations AS Annotations, releases AS Releases
            FROM incidents ORDER BY id DESC LIMIT @limit
            """,
            new { limit });
        return rows.Select(r => r.ToRecord()).ToList();
    }

    /// <summary>Releases whose journal opened an incident for this alert fingerprint.</summary>
    public async Task<IReadOnlyList<string>> ReleasesWithIncidentAsync(string fingerprint, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var ids = await connection.QueryAsync<string>(
            // PostgreSQL answers this from an expression index over exactly this JSON path (0003_incidents.sql).
            $"SELECT DISTINCT release_id FROM journal WHERE type = 'IncidentOpened' AND {connections.Dialect.JsonText("data", "alert.fingerprint")} = @fingerprint",
            new { fingerprint });
        return ids.ToList();
    }
}
