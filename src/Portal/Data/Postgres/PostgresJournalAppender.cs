using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace PortalRelease.Portal.Data.Postgres;

/// <summary>
/// PostgreSQL's journal appender. Several nodes append, so each batch takes the journal's write scope (an advisory
/// transaction lock) before it reads the chain head and the releases' sequence numbers: the chain stays one line, and row
/// ids are handed out in commit order, which followers' cursors rely on. The rows go in one round trip (a batch of
/// prepared inserts) at commit.
/// </summary>
internal sealed class PostgresJournalAppender : JournalAppender
{
    private readonly PostgresDatabase _database;
    private readonly NpgsqlConnection _connection;
    private NpgsqlTransaction? _transaction;
    private NpgsqlBatch? _rows;

    // Each release's last sequence number in the batch: one notification per release, delivered at commit.
    private readonly Dictionary<string, long> _notify = new(StringComparer.Ordinal);

    private PostgresJournalAppender(PostgresDatabase database, NpgsqlConnection connection) => (_database, _connection) = (database, connection);

    public static async Task<JournalAppender> OpenAsync(PostgresDatabase database, CancellationToken cancellationToken) =>
        new PostgresJournalAppender(database, await database.OpenNpgsqlAsync(cancellationToken));

    public override bool SoleWriter => false;

    public override async Task<byte[]> BeginAsync(byte[]? knownHead, CancellationToken cancellationToken = default)
    {
        _transaction = (NpgsqlTransaction)await _database.BeginWriteAsync(_connection, WriteScope.JournalChain, cancellationToken);
        _rows = new NpgsqlBatch(_connection, _transaction);
        return ChainTable.LastHash(_connection, _transaction, "journal");
    }

    public override async Task<IReadOnlyDictionary<string, long>> MaxSeqsAsync(IReadOnlyCollection<string> releaseIds, CancellationToken cancellationToken = default)
    {
        var seqs = releaseIds.ToDictionary(id => id, _ => 0L, StringComparer.Ordinal);
        var rows = await _connection.QueryAsync<(string ReleaseId, long Seq)>(new CommandDefinition(
            "SELECT release_id, MAX(seq) FROM journal WHERE release_id = ANY(@ids) GROUP BY release_id",
            new { ids = releaseIds.ToArray() }, Transaction, cancellationToken: cancellationToken));
        foreach (var (releaseId, seq) in rows)
        {
            seqs[releaseId] = seq;
        }
        return seqs;
    }

    public override Task<IReadOnlyDictionary<string, long>> HeldLeasesAsync(string nodeId, IReadOnlyCollection<string> releaseIds, CancellationToken cancellationToken = default) =>
        ReleaseLeaseRepository.HeldAsync(_connection, Transaction, PostgresDialect.Instance, nodeId, releaseIds, cancellationToken);

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
        var command = new NpgsqlBatchCommand(InsertSql);
        command.Parameters.Add(new NpgsqlParameter<string>("r", releaseId));
        command.Parameters.Add(new NpgsqlParameter<long>("s", seq));
        command.Parameters.Add(new NpgsqlParameter<string>("a", at));
        command.Parameters.Add(new NpgsqlParameter<string>("t", type));
        command.Parameters.Add(new NpgsqlParameter("u", NpgsqlDbType.Text) { Value = (object?)actor ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("n", NpgsqlDbType.Text) { Value = (object?)actorName ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter<string>("d", data));
        command.Parameters.Add(new NpgsqlParameter("p", NpgsqlDbType.Bytea) { Value = (object?)previousHash ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("h", NpgsqlDbType.Bytea) { Value = (object?)hash ?? DBNull.Value });
        (_rows ?? throw new InvalidOperationException("No batch has begun.")).BatchCommands.Add(command);
        _notify[releaseId] = seq;
    }

    public override async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        if (_rows is { BatchCommands.Count: > 0 })
        {
            // Other nodes' followers wake at our commit (NOTIFY is transactional) and read the journal themselves.
            foreach (var (releaseId, seq) in _notify)
            {
                var notify = new NpgsqlBatchCommand($"SELECT pg_notify('{PostgresClusterListener.JournalChannel}', @p)");
                notify.Parameters.Add(new NpgsqlParameter<string>("p", $"{releaseId}:{seq}"));
                _rows.BatchCommands.Add(notify);
            }
            await _rows.ExecuteNonQueryAsync(cancellationToken);
        }
        await Transaction.CommitAsync(cancellationToken);
        await DisposeBatchAsync();
    }

    private NpgsqlTransaction Transaction => _transaction ?? throw new InvalidOperationException("No batch has begun.");

    private async Task DisposeBatchAsync()
    {
        _notify.Clear();
        if (_rows is not null)
        {
            await _rows.DisposeAsync();
            _rows = null;
        }
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
