using System.Text.Json;
using Dapper;
using PortalRelease.Portal.Releases.Journal;

namespace PortalRelease.Portal.Data;

/// <summary>Reads the release journal. Writing goes through <see cref="JournalWriter"/>, the journal's only writer.</summary>
public sealed class JournalRepository(PortalDatabase connections)
{
    /// <summary>A journal row as stored; <see cref="Id"/> is its commit order across releases (a follower's cursor).</summary>
    private sealed record Row(long Id, string ReleaseId, long Seq, string At, string Type, string? Actor, string Data, string? ActorName)
    {
        public JournalEvent ToEvent()
        {
            using var document = JsonDocument.Parse(Data);
            return new JournalEvent(ReleaseId, Seq, DbTime.Parse(At), Type, Actor, document.RootElement.Clone(), ActorName);
        }
    }

    private const string Columns = "id AS Id, release_id AS ReleaseId, seq AS Seq, at AS At, type AS Type, actor AS Actor, data AS Data, actor_name AS ActorName";

    /// <summary>The events of one release with a sequence number above <paramref name="afterSeq"/>, in order.</summary>
    public async Task<IReadOnlyList<JournalEvent>> ReadAsync(string releaseId, long afterSeq = 0, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(
            new CommandDefinition(
                $"SELECT {Columns} FROM journal WHERE release_id = @releaseId AND seq > @afterSeq ORDER BY seq",
                new { releaseId, afterSeq },
                cancellationToken: cancellationToken));
        return rows.Select(r => r.ToEvent()).ToList();
    }

    /// <summary>All events of several releases, grouped by release, each in order.</summary>
    public async Task<IReadOnlyDictionary<string, List<JournalEvent>>> ReadManyAsync(IReadOnlyCollection<string> releaseIds, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var parameters = new DynamicParameters();
        var rows = await connection.QueryAsync<Row>(
            new CommandDefinition(
                $"SELECT {Columns} FROM journal WHERE release_id IN {SqlList.Of(parameters, "release", releaseIds)} AND type <> 'MetricsSampled' ORDER BY release_id, seq",
                parameters,
                cancellationToken: cancellationToken));
        return rows.GroupBy(r => r.ReleaseId).ToDictionary(g => g.Key, g => g.Select(r => r.ToEvent()).ToList());
    }

    /// <summary>
    /// Up to <paramref name="limit"/> events of <paramref name="types"/> after journal row <paramref name="afterRowId"/>,
    /// in commit order, each with its row id: how a follower catches up from its cursor.
    /// </summary>
    public async Task<IReadOnlyList<(long RowId, JournalEvent Event)>> ReadAfterAsync(
        long afterRowId, IReadOnlyCollection<string> types, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var parameters = new DynamicParameters(new { afterRowId, limit });
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM journal WHERE id > @afterRowId AND type IN {SqlList.Of(parameters, "type", types)} ORDER BY id LIMIT @limit",
            parameters,
            cancellationToken: cancellationToken));
        return rows.Select(r => (r.Id, r.ToEvent())).ToList();
    }

    /// <summary>Up to <paramref name="limit"/> events of any type after journal row <paramref name="afterRowId"/>, in commit order, each with its row id.</summary>
    public async Task<IReadOnlyList<(long RowId, JournalEvent Event)>> ReadAfterAsync(long afterRowId, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM journal WHERE id > @afterRowId ORDER BY id LIMIT @limit",
            new { afterRowId, limit },
            cancellationToken: cancellationToken));
        return rows.Select(r => (r.Id, r.ToEvent())).ToList();
    }

    /// <summary>The newest journal row's id (0 for an empty journal): where a follower that wants only new events starts.</summary>
    public async Task<long> LastRowIdAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COALESCE(MAX(id), 0) FROM journal", cancellationToken: cancellationToken));
    }

    /// <summary>The row id of one event (0 when there is none): how far a follower's cursor may move after it.</summary>
    public async Task<long> RowIdAsync(string releaseId, long seq, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COALESCE((SELECT id FROM journal WHERE release_id = @releaseId AND seq = @seq), 0)", new { releaseId, seq }, cancellationToken: cancellationToken));
    }
}
