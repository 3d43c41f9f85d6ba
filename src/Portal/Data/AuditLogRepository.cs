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
        byte[] previous;
        using (var head = connection.CreateCommand())
        {
            head.Transaction = transaction;
            head.CommandText = "SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1";
            previous = await head.ExecuteScalarAsync(cancellationToken) is byte[] { Length: CanonicalHasher.HashSize } last ? last : CanonicalHasher.Genesis.ToArray();
        }
        var hash = new byte[CanonicalHasher.HashSize];
        ChainContent.Audit(new CanonicalHasher(), previous, row, hash);
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

    public async Task<ChainHead?> HeadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1";
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return reader.Read() ? new ChainHead(reader.GetInt64(0), reader.IsDBNull(1) ? [] : (byte[])reader.GetValue(1)) : null;
    }

    public async Task WalkAsync(Func<ChainLink, bool> visit, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        using var transaction = connection.BeginTransaction(deferred: true);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT id, {Columns}, prev_hash, hash FROM audit_log ORDER BY id";
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var hasher = new CanonicalHasher();
        var link = new ChainLink();
        while (reader.Read())
        {
            link.Id = reader.GetInt64(0);
            link.StoredPrevious = reader.IsDBNull(11) ? null : (byte[])reader.GetValue(11);
            link.StoredHash = reader.IsDBNull(12) ? null : (byte[])reader.GetValue(12);
            ChainContent.Audit(hasher, link.StoredPrevious, Read(reader, 1), link.ContentHash);
            if (!visit(link))
            {
                return;
            }
        }
    }

    private static AuditRow Read(SqliteDataReader reader, int first) => new(
        reader.GetString(first), reader.GetString(first + 1), reader.GetString(first + 2), reader.GetString(first + 3),
        reader.IsDBNull(first + 4) ? null : reader.GetString(first + 4), reader.GetString(first + 5), reader.GetString(first + 6),
        reader.GetString(first + 7), reader.GetString(first + 8), reader.GetString(first + 9));
}
