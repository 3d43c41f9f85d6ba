using Dapper;

namespace PortalRelease.Portal.Data;

/// <summary>One quarantine mark or lift, as stored.</summary>
public sealed record QuarantineRecord(long Id, string Service, string Version, string Action, string Reason, string Actor, DateTimeOffset At)
{
    public bool IsQuarantined => Action == QuarantineRepository.Quarantined;
}

/// <summary>The append-only <c>quarantine</c> table: a version is bad while its newest row says quarantined.</summary>
public sealed class QuarantineRepository(PortalDatabase connections)
{
    public const string Quarantined = "quarantined";
    public const string Lifted = "lifted";

    private sealed record Row(long Id, string Service, string Version, string Action, string Reason, string Actor, string At)
    {
        public QuarantineRecord ToRecord() => new(Id, Service, Version, Action, Reason, Actor, DbTime.Parse(At));
    }

    private const string Columns = "id AS Id, service AS Service, version AS Version, action AS Action, reason AS Reason, actor AS Actor, at AS At";

    /// <summary>
    /// Writes a mark or a lift only if the version's newest row is not already that (a mark needs no mark in force, a
    /// lift needs one), deciding and writing in one transaction that excludes every other node's change: two marks given
    /// at once on two nodes cannot both pass the check. Returns the new row, or null and the row in the way.
    /// </summary>
    public async Task<(QuarantineRecord? Added, QuarantineRecord? Current)> AddIfChangesAsync(
        string service, string version, string action, string reason, string actor, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var transaction = await connections.BeginWriteAsync(connection, WriteScope.Quarantine, cancellationToken);
        var latest = (await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM quarantine WHERE service = @service AND version = @version ORDER BY id DESC LIMIT 1",
            new { service, version }, transaction, cancellationToken: cancellationToken)))?.ToRecord();
        var inForce = latest is { IsQuarantined: true };
        if (inForce == (action == Quarantined))
        {
            return (null, latest);
        }
        var id = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "INSERT INTO quarantine (service, version, action, reason, actor, at) VALUES (@service, @version, @action, @reason, @actor, @at) RETURNING id",
            new { service, version, action, reason, actor, at = DbTime.Format(at) }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return (new QuarantineRecord(id, service, version, action, reason, actor, at), latest);
    }

    /// <summary>The newest row of one version, or null when it was never quarantined.</summary>
    public async Task<QuarantineRecord?> LatestAsync(string service, string version, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(
            $"SELECT {Columns} FROM quarantine WHERE service = @service AND version = @version ORDER BY id DESC LIMIT 1", new { service, version });
        return row?.ToRecord();
    }

    /// <summary>Every row, oldest first: the full history of marks and lifts.</summary>
    public async Task<IReadOnlyList<QuarantineRecord>> HistoryAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>($"SELECT {Columns} FROM quarantine ORDER BY id");
        return rows.Select(r => r.ToRecord()).ToList();
    }
}
