using Dapper;
using Microsoft.Data.Sqlite;

namespace PortalRelease.Portal.Data.Sqlite;

/// <summary>
/// SQLite's journal appender: one connection and one prepared statement for the writer's life (opening and preparing
/// per batch cost more than the inserts themselves), rows inserted as they are added, inside the batch's transaction.
/// </summary>
internal sealed class SqliteJournalAppender : JournalAppender
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insert;
    private readonly SqliteParameter _releaseId, _seq, _at, _type, _actor, _actorName, _data, _previousHash, _hash;
    private SqliteTransaction? _transaction;

    private SqliteJournalAppender(SqliteConnection connection)
    {
        _connection = connection;
        _insert = connection.CreateCommand();
        _insert.CommandText = InsertSql;
        _releaseId = _insert.Parameters.Add("@r", SqliteType.Text);
        _seq = _insert.Parameters.Add("@s", SqliteType.Integer);
        _at = _insert.Parameters.Add("@a", SqliteType.Text);
        _type = _insert.Parameters.Add("@t", SqliteType.Text);
        _actor = _insert.Parameters.Add("@u", SqliteType.Text);
        _actorName = _insert.Parameters.Add("@n", SqliteType.Text);
        _data = _insert.Parameters.Add("@d", SqliteType.Text);
        _previousHash = _insert.Parameters.Add("@p", SqliteType.Blob);
        _hash = _insert.Parameters.Add("@h", SqliteType.Blob);
        _insert.Prepare();
    }

    public static async Task<JournalAppender> OpenAsync(SqliteDatabase database, CancellationToken cancellationToken)
    {
        var connection = await database.OpenForJournalWriterAsync(cancellationToken);
        try
        {
            return new SqliteJournalAppender(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public override bool SoleWriter => true;

    // In process, so one read after another costs no round trips.
    public override async Task<BatchStart> BeginBatchAsync(BatchReads reads, CancellationToken cancellationToken = default)
    {
        // IMMEDIATE (the default): the write lock from the start, so a reader's snapshot never upgrades mid-batch.
        _transaction = _connection.BeginTransaction(deferred: false);
        _insert.Transaction = _transaction;
        var head = reads.KnownHead ?? ChainTable.LastHash(_connection, _transaction, "journal");
        var seqs = reads.Releases.Count == 0 ? null : await MaxSeqsAsync(reads.Releases, cancellationToken);
        Dictionary<(string NodeId, string ReleaseId), long>? leases = null;
        foreach (var (nodeId, releaseIds) in reads.Leases)
        {
            leases ??= [];
            foreach (var (releaseId, epoch) in await ReleaseLeaseRepository.HeldAsync(_connection, Transaction, SqliteDialect.Instance, nodeId, releaseIds, cancellationToken))
            {
                leases[(nodeId, releaseId)] = epoch;
            }
        }
        return new BatchStart(head, seqs, leases);
    }

    private async Task<IReadOnlyDictionary<string, long>> MaxSeqsAsync(IReadOnlyCollection<string> releaseIds, CancellationToken cancellationToken)
    {
        var seqs = new Dictionary<string, long>(releaseIds.Count, StringComparer.Ordinal);
        foreach (var releaseId in releaseIds)
        {
            seqs[releaseId] = await _connection.ExecuteScalarAsync<long>(new CommandDefinition(
                "SELECT COALESCE(MAX(seq), 0) FROM journal WHERE release_id = @releaseId", new { releaseId }, _transaction, cancellationToken: cancellationToken));
        }
        return seqs;
    }

    public override Task InsertReleaseAsync(ReleaseRecord release, CancellationToken cancellationToken = default) =>
        ReleaseRepository.InsertAsync(_connection, Transaction, release);

    public override Task<ClaimDecision> DecideClaimAsync(string releaseId, CancellationToken cancellationToken = default) =>
        TargetClaimRepository.DecideAsync(_connection, Transaction, releaseId, cancellationToken);

    public override Task InsertClaimsAsync(string releaseId, DateTimeOffset createdAt, IReadOnlyCollection<string> targets, CancellationToken cancellationToken = default) =>
        TargetClaimRepository.InsertAsync(_connection, Transaction, releaseId, createdAt, targets, holds: false, cancellationToken);

    public override Task InsertKeyAsync(IdempotencyRecord key, CancellationToken cancellationToken = default) =>
        IdempotencyKeyRepository.InsertAsync(_connection, Transaction, SqliteDialect.Instance, key);

    public override void Add(string releaseId, long seq, string at, string type, string? actor, string? actorName, string data, byte[]? previousHash, byte[]? hash)
    {
        _releaseId.Value = releaseId;
        _seq.Value = seq;
        _at.Value = at;
        _type.Value = type;
        _actor.Value = (object?)actor ?? DBNull.Value;
        _actorName.Value = (object?)actorName ?? DBNull.Value;
        _data.Value = data;
        _previousHash.Value = (object?)previousHash ?? DBNull.Value;
        _hash.Value = (object?)hash ?? DBNull.Value;
        _insert.ExecuteNonQuery();
    }

    public override async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        await Transaction.CommitAsync(cancellationToken);
        await Transaction.DisposeAsync();
        _transaction = null;
    }

    private SqliteTransaction Transaction => _transaction ?? throw new InvalidOperationException("No batch has begun.");

    public override async ValueTask DisposeAsync()
    {
        if (_transaction is not null)
        {
            await _transaction.DisposeAsync();
        }
        _insert.Dispose();
        await _connection.DisposeAsync();
    }
}
