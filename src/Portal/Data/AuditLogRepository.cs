using Dapper;
using System.Data.Common;
using PortalRelease.Portal.Audit;

namespace PortalRelease.Portal.Data;

/// <summary>
/// The audit log's SQL: chained appends and the walk verify makes. Appends are rare (people changing things), so each
/// reads the head inside its own write transaction: the chain stays whole even with several writers, no cache to trust.
/// </summary>
public sealed class AuditLogRepository(PortalDatabase connections) : IChainStore
{
    private const string Columns = "at, actor_id, actor_name, auth_method, address, action, resource_kind, resource_id, outcome, details";

    public string Table => "audit_log";

    /// <summary>Appends one row chained to the newest; returns its id.</summary>
    public async Task<long> AppendAsync(AuditRow row, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        // The chain's scope is taken before the head is read, so no other append can slip in between.
        await using var transaction = await connections.BeginWriteAsync(connection, WriteScope.AuditChain, cancellationToken);
        var previous = ChainTable.LastHash(connection, transaction, Table);
        var hash = new byte[CanonicalHasher.HashSize];
        using (var hasher = new CanonicalHasher())
        {
            ChainContent.Audit(hasher, previous, row, hash);
        }
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = $"INSERT INTO audit_log ({Columns}, prev_hash, hash) VALUES (@at, @ai, @an, @m, @ad, @ac, @rk, @ri, @o, @d, @p, @h) RETURNING id";
        Add(insert, "at", row.At);
        Add(insert, "ai", row.ActorId);
        Add(insert, "an", row.ActorName);
        Add(insert, "m", row.AuthMethod);
        Add(insert, "ad", (object?)row.Address ?? DBNull.Value);
        Add(insert, "ac", row.Action);
        Add(insert, "rk", row.ResourceKind);
        Add(insert, "ri", row.ResourceId);
        Add(insert, "o", row.Outcome);
        Add(insert, "d", row.Details);
        Add(insert, "p", previous);
        Add(insert, "h", hash);
        var id = Convert.ToInt64(await insert.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        await transaction.CommitAsync(cancellationToken);
        return id;
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    public Task<ChainHead?> HeadAsync(CancellationToken cancellationToken) => ChainTable.HeadAsync(connections, Table, cancellationToken);

    public Task WalkAsync(Func<ChainLink, bool> visit, CancellationToken cancellationToken) =>
        ChainTable.WalkAsync(connections, Table, Columns, HashContent, visit, cancellationToken);

    private static void HashContent(DbDataReader reader, CanonicalHasher hasher, ChainLink link) =>
        ChainContent.Audit(hasher, link.StoredPrevious, Read(reader, ChainTable.FirstContentColumn), link.ContentHash);

    private static AuditRow Read(DbDataReader reader, int first) => new(
        reader.GetString(first), reader.GetString(first + 1), reader.GetString(first + 2), reader.GetString(first + 3),
        reader.IsDBNull(first + 4) ? null : reader.GetString(first + 4), reader.GetString(first + 5), reader.GetString(first + 6),
        reader.GetString(first + 7), reader.GetString(first + 8), reader.GetString(first + 9));
}
