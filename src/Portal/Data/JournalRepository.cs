using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using PortalRelease.Portal.Releases.Journal;

namespace PortalRelease.Portal.Data;

/// <summary>Reads the release journal. Writing goes through <see cref="JournalWriter"/>, the journal's only writer.</summary>
public sealed class JournalRepository(SqliteConnectionFactory connections)
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
        var rows = await connection.QueryAsync<Row>(
            new CommandDefinition(
                $"SELECT {Columns} FROM journal WHERE release_id IN @releaseIds AND type <> 'MetricsSampled' ORDER BY release_id, seq",
                new { releaseIds },
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
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM journal WHERE id > @afterRowId AND type IN @types ORDER BY id LIMIT @limit",
            new { afterRowId, types, limit },
            cancellationToken: cancellationToken));
        return rows.Select(r => (r.Id, r.ToEvent())).ToList();
    }

    /// <summary>The row id of one event (0 when there is none): how far a follower's cursor may move after it.</summary>
    public async Task<long> RowIdAsync(string releaseId, long seq, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COALESCE((SELECT id FROM journal WHERE release_id = @releaseId AND seq = @seq), 0)", new { releaseId, seq }, cancellationToken: cancellationToken));
    }

    internal static Task<long> MaxSeqAsync(SqliteConnection connection, SqliteTransaction transaction, string releaseId) =>
        connection.ExecuteScalarAsync<long>(
            "SELECT COALESCE(MAX(seq), 0) FROM journal WHERE release_id = @releaseId", new { releaseId }, transaction);

    /// <summary>A prepared insert, reusable across transactions on its connection.</summary>
    internal static JournalInsert PrepareInsert(SqliteConnection connection) => new(connection);

    internal sealed class JournalInsert : IDisposable
    {
        private readonly SqliteCommand _command;
        private readonly SqliteParameter _releaseId;
        private readonly SqliteParameter _seq;
        private readonly SqliteParameter _at;
        private readonly SqliteParameter _type;
        private readonly SqliteParameter _actor;
        private readonly SqliteParameter _actorName;
        private readonly SqliteParameter _data;
        private readonly SqliteParameter _previousHash;
        private readonly SqliteParameter _hash;

        public JournalInsert(SqliteConnection connection)
        {
            _command = connection.CreateCommand();
            _command.CommandText = "INSERT INTO journal (release_id, seq, at, type, actor, actor_name, data, prev_hash, hash) VALUES ($r, $s, $a, $t, $u, $n, $d, $p, $h)";
            _releaseId = _command.Parameters.Add("$r", SqliteType.Text);
            _seq = _command.Parameters.Add("$s", SqliteType.Integer);
            _at = _command.Parameters.Add("$a", SqliteType.Text);
            _type = _command.Parameters.Add("$t", SqliteType.Text);
            _actor = _command.Parameters.Add("$u", SqliteType.Text);
            _actorName = _command.Parameters.Add("$n", SqliteType.Text);
            _data = _command.Parameters.Add("$d", SqliteType.Text);
            _previousHash = _command.Parameters.Add("$p", SqliteType.Blob);
            _hash = _command.Parameters.Add("$h", SqliteType.Blob);
            _command.Prepare();
        }

        public void Enlist(SqliteTransaction transaction) => _command.Transaction = transaction;

        /// <param name="journalEvent">The event to insert.</param>
        /// <param name="at">The event's time already formatted: a batch shares one time, formatted once.</param>
        /// <param name="data">The event's data as the JSON text stored (and hashed).</param>
        /// <param name="previousHash">The chain's previous row's hash; null with <paramref name="hash"/> only where the chain is off (the bench's plain path).</param>
        /// <param name="hash">This row's hash over its canonical content (<see cref="Audit.ChainContent.Journal"/>).</param>
        public void Execute(JournalEvent journalEvent, string at, string data, byte[]? previousHash, byte[]? hash)
        {
            _releaseId.Value = journalEvent.ReleaseId;
            _seq.Value = journalEvent.Seq;
            _at.Value = at;
            _type.Value = journalEvent.Type;
            _actor.Value = (object?)journalEvent.Actor ?? DBNull.Value;
            _actorName.Value = (object?)journalEvent.ActorName ?? DBNull.Value;
            _data.Value = data;
            _previousHash.Value = (object?)previousHash ?? DBNull.Value;
            _hash.Value = (object?)hash ?? DBNull.Value;
            _command.ExecuteNonQuery();
        }

        public void Dispose() => _command.Dispose();
    }
}
