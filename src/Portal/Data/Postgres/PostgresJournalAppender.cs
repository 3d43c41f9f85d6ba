using Dapper;
using Npgsql;

namespace PortalRelease.Portal.Data.Postgres;

/// <summary>
/// PostgreSQL's journal appender. Several nodes append, so each batch takes the journal's write scope (an advisory
/// transaction lock) before it reads the chain head and the releases' sequence numbers: the chain stays one line, and row
/// ids are handed out in commit order, which followers' cursors rely on. A batch costs three round trips: the lock and
/// every read the writer decides by (<see cref="BeginBatchAsync"/>), the rows with their notifications, and the commit.
/// Each round trip is paid while the journal's lock is held, by every node's writer in turn.
/// </summary>
internal sealed class PostgresJournalAppender : JournalAppender
{
    private readonly NpgsqlConnection _connection;
    private NpgsqlTransaction? _transaction;
    private readonly List<Row> _rows = [];

    // Each release's last sequence number in the batch: one notification per release, delivered at commit.
    private readonly Dictionary<string, long> _notify = new(StringComparer.Ordinal);

    private PostgresJournalAppender(NpgsqlConnection connection) => _connection = connection;

    public static async Task<JournalAppender> OpenAsync(PostgresDatabase database, CancellationToken cancellationToken) =>
        new PostgresJournalAppender(await database.OpenNpgsqlAsync(cancellationToken));

    public override bool SoleWriter => false;

    // One statement batch, run in order by the server: the lock first, so every read after it sees the commits of
    // whoever held it before.
    public override async Task<BatchStart> BeginBatchAsync(BatchReads reads, CancellationToken cancellationToken = default)
    {
        _transaction = await _connection.BeginTransactionAsync(System.Data.IsolationLevel.ReadCommitted, cancellationToken);
        await using var batch = new NpgsqlBatch(_connection, _transaction);
        batch.BatchCommands.Add(Statement(PostgresDatabase.LockScopeSql, new NpgsqlParameter<long>("key", (long)WriteScope.JournalChain)));
        batch.BatchCommands.Add(Statement("SELECT hash FROM journal ORDER BY id DESC LIMIT 1"));
        if (reads.Releases.Count > 0)
        {
            batch.BatchCommands.Add(Statement(MaxSeqsSql, new NpgsqlParameter<string[]>("ids", [.. reads.Releases])));
        }
        foreach (var (nodeId, releaseIds) in reads.Leases)
        {
            batch.BatchCommands.Add(Statement(ReleaseLeaseRepository.HeldPostgresSql,
                new NpgsqlParameter<string>("nodeId", nodeId), new NpgsqlParameter<string[]>("ids", [.. releaseIds])));
        }
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        var head = ChainTable.HashOrGenesis(await reader.ReadAsync(cancellationToken) ? reader.GetValue(0) : null);
        Dictionary<string, long>? seqs = null;
        if (reads.Releases.Count > 0)
        {
            await reader.NextResultAsync(cancellationToken);
            seqs = reads.Releases.ToDictionary(id => id, _ => 0L, StringComparer.Ordinal);
            while (await reader.ReadAsync(cancellationToken))
            {
                seqs[reader.GetString(0)] = reader.GetInt64(1);
            }
        }
        Dictionary<(string NodeId, string ReleaseId), long>? leases = null;
        foreach (var nodeId in reads.Leases.Keys)
        {
            leases ??= [];
            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                leases[(nodeId, reader.GetString(0))] = reader.GetInt64(1);
            }
        }
        return new BatchStart(head, seqs, leases);
    }

    private static NpgsqlBatchCommand Statement(string sql, params NpgsqlParameter[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters);
        return command;
    }

    private const string MaxSeqsSql = "SELECT release_id, MAX(seq) FROM journal WHERE release_id = ANY(@ids) GROUP BY release_id";

    // A release in a cluster is born with a free lease in the same transaction, so some node always adopts it, even
    // when the node that created it dies before taking it.
    public override async Task InsertReleaseAsync(ReleaseRecord release, CancellationToken cancellationToken = default)
    {
        await ReleaseRepository.InsertAsync(_connection, Transaction, release);
        await _connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO release_leases (release_id, node_id, epoch, expires_at, acquired_at) VALUES (@Id, NULL, 0, 0, 0)",
            new { release.Id }, Transaction, cancellationToken: cancellationToken));
    }

    public override Task<ClaimDecision> DecideClaimAsync(string releaseId, CancellationToken cancellationToken = default) =>
        TargetClaimRepository.DecideAsync(_connection, Transaction, releaseId, cancellationToken);

    public override Task InsertClaimsAsync(string releaseId, DateTimeOffset createdAt, IReadOnlyCollection<string> targets, CancellationToken cancellationToken = default) =>
        TargetClaimRepository.InsertAsync(_connection, Transaction, releaseId, createdAt, targets, holds: false, cancellationToken);

    public override Task InsertKeyAsync(IdempotencyRecord key, CancellationToken cancellationToken = default) =>
        IdempotencyKeyRepository.InsertAsync(_connection, Transaction, PostgresDialect.Instance, key);

    public override void Add(string releaseId, long seq, string at, string type, string? actor, string? actorName, string data, byte[]? previousHash, byte[]? hash)
    {
        _ = _transaction ?? throw new InvalidOperationException("No batch has begun.");
        _rows.Add(new Row(releaseId, seq, at, type, actor, actorName, data, previousHash, hash));
        _notify[releaseId] = seq;
    }

    public override async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        if (_rows.Count > 0)
        {
            await using var batch = new NpgsqlBatch(_connection, Transaction);
            // All rows in one statement, in the batch's order (the ids, and so the chain, follow it).
            batch.BatchCommands.Add(Statement(InsertManySql,
                new NpgsqlParameter<string[]>("r", [.. _rows.Select(r => r.ReleaseId)]),
                new NpgsqlParameter<long[]>("s", [.. _rows.Select(r => r.Seq)]),
                new NpgsqlParameter<string[]>("a", [.. _rows.Select(r => r.At)]),
                new NpgsqlParameter<string[]>("t", [.. _rows.Select(r => r.Type)]),
                new NpgsqlParameter<string?[]>("u", [.. _rows.Select(r => r.Actor)]),
                new NpgsqlParameter<string?[]>("n", [.. _rows.Select(r => r.ActorName)]),
                new NpgsqlParameter<string[]>("d", [.. _rows.Select(r => r.Data)]),
                new NpgsqlParameter<byte[]?[]>("p", [.. _rows.Select(r => r.PreviousHash)]),
                new NpgsqlParameter<byte[]?[]>("h", [.. _rows.Select(r => r.Hash)])));
            // Other nodes' followers wake at our commit (NOTIFY is transactional) and read the journal themselves:
            // one notification per release, all sent by one statement.
            batch.BatchCommands.Add(Statement(
                $"SELECT pg_notify('{PostgresClusterListener.JournalChannel}', p) FROM unnest(@p) AS p",
                new NpgsqlParameter<string[]>("p", [.. _notify.Select(n => $"{n.Key}:{n.Value}")])));
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
        await Transaction.CommitAsync(cancellationToken);
        await DisposeBatchAsync();
    }

    private const string InsertManySql = """
        INSERT INTO journal (release_id, seq, at, type, actor, actor_name, data, prev_hash, hash)
        SELECT r, s, a, t, u, n, d, p, h
        FROM unnest(@r, @s, @a, @t, @u, @n, @d, @p, @h) WITH ORDINALITY AS x (r, s, a, t, u, n, d, p, h, o)
        ORDER BY o
        """;

    private sealed record Row(string ReleaseId, long Seq, string At, string Type, string? Actor, string? ActorName, string Data, byte[]? PreviousHash, byte[]? Hash);

    private NpgsqlTransaction Transaction => _transaction ?? throw new InvalidOperationException("No batch has begun.");

    private async Task DisposeBatchAsync()
    {
        _notify.Clear();
        _rows.Clear();
        if (_transaction is not null)
        {
            await _transaction.DisposeAsync();
            _transaction = null;
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await DisposeBatchAsync();
        await _connection.DisposeAsync();
    }
}
