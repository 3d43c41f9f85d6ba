using Dapper;
using Microsoft.Data.Sqlite;
using PortalRelease.Portal.Audit;

namespace PortalRelease.Portal.Data;

/// <summary>
/// The audit log's SQL: chained appends and the walk verify makes. Appends are rare (people changing things), so each
/// reads the head inside its own write transaction: the chain stays whole even with several writers, no cache to trust.
/// </summary>
public sealed class AuditLogRepository(SqliteConnectionFactory connections) : IChainStore
{
    private const string Columns = "at, actor_id, actor_name, auth_method, address, action, resource_kind, resource_id, outcome, details";

    public string Table => "audit_log";

    /// <summary>Appends one row chained to the newest; returns its id.</summary>
    public async Task<long> AppendAsync(AuditRow row, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        // IMMEDIATE: the write lock is taken before the head is read, so no other append can slip in between.
        using var transaction = connection.BeginTransaction(deferred: false);
        var previous = ChainTable.LastHash(connection, transaction, Table);
        var hash = new byte[CanonicalHasher.HashSize];
        using (var hasher = new CanonicalHasher())
        {
            ChainContent.Audit(hasher, previous, row, hash);
        }
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = $"INSERT INTO audit_log ({Columns}, prev_hash, hash) VALUES ($at, $ai, $an, $m, $ad, $ac, $rk, $ri, $o, $d, $p, $h) RETURNING id";
        insert.Parameters.AddWithValue("$at", row.At);
        insert.Parameters.AddWithValue("$ai", row.ActorId);
        insert.Parameters.AddWithValue("$an", row.ActorName);
        insert.Parameters.AddWithValue("$m", row.AuthMethod);
        insert.Parameters.AddWithValue("$ad", (object?)row.Address ?? DBNull.Value);
        insert.Parameters.AddWithValue("$ac", row.Action);
        insert.Parameters.AddWithValue("$rk", row.ResourceKind);
        insert.Parameters.AddWithValue("$ri", row.ResourceId);
        insert.Parameters.AddWithValue("$o", row.Outcome);
        insert.Parameters.AddWithValue("$d", row.Details);
        insert.Parameters.AddWithValue("$p", previous);
        insert.Parameters.AddWithValue("$h", hash);
        var id = (long)(await insert.ExecuteScalarAsync(cancellationToken))!;
        transaction.Commit();
        return id;
    }

    public Task<ChainHead?> HeadAsync(CancellationToken cancellationToken) => ChainTable.HeadAsync(connections, Table, cancellationToken);

    public Task WalkAsync(Func<ChainLink, bool> visit, CancellationToken cancellationToken) =>
        ChainTable.WalkAsync(connections, Table, Columns, HashContent, visit, cancellationToken);

    private static void HashContent(SqliteDataReader reader, CanonicalHasher hasher, ChainLink link) =>
        ChainContent.Audit(hasher, link.StoredPrevious, Read(reader, ChainTable.FirstContentColumn), link.ContentHash);

    private static AuditRow Read(SqliteDataReader reader, int first) => new(
        reader.GetString(first), reader.GetString(first + 1), reader.GetString(first + 2), reader.GetString(first + 3),
        reader.IsDBNull(first + 4) ? null : reader.GetString(first + 4), reader.GetString(first + 5), reader.GetString(first + 6),
        reader.GetString(first + 7), reader.GetString(first + 8), reader.GetString(first + 9));
}
