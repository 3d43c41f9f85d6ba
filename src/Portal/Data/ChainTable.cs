using System.Data.Common;
using PortalRelease.Portal.Audit;

namespace PortalRelease.Portal.Data;

/// <summary>
/// The SQL every hash-chained table shares (<c>id</c>, <c>prev_hash</c>, <c>hash</c> beside its content): the hash the
/// next row chains to, the head an anchor records, and the walk verify makes. Tables differ only in their content
/// columns and how those hash (<see cref="ChainContent"/>), which each store passes in.
/// </summary>
internal static class ChainTable
{
    /// <summary>The ordinal of the first content column in the rows <see cref="WalkAsync"/> reads.</summary>
    public const int FirstContentColumn = 3;

    /// <summary>The newest row's hash, or <see cref="CanonicalHasher.Genesis"/> while the table is empty.</summary>
    public static byte[] LastHash(DbConnection connection, DbTransaction? transaction, string table)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT hash FROM {table} ORDER BY id DESC LIMIT 1";
        return HashOrGenesis(command.ExecuteScalar());
    }

    /// <summary>The newest row's hash column as read (null or nothing for an empty table), or the genesis hash.</summary>
    public static byte[] HashOrGenesis(object? value) =>
        value is byte[] { Length: CanonicalHasher.HashSize } hash ? hash : CanonicalHasher.Genesis.ToArray();

    public static async Task<ChainHead?> HeadAsync(PortalDatabase connections, string table, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT id, hash FROM {table} ORDER BY id DESC LIMIT 1";
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return reader.Read() ? new ChainHead(reader.GetInt64(0), reader.IsDBNull(1) ? [] : (byte[])reader.GetValue(1)) : null;
    }

    /// <summary>
    /// Visits every row of <paramref name="table"/> in id order until <paramref name="visit"/> returns false.
    /// <paramref name="hashContent"/> reads <paramref name="contentColumns"/> from <see cref="FirstContentColumn"/> on and
    /// fills the link's <see cref="ChainLink.ContentHash"/> (over its <see cref="ChainLink.StoredPrevious"/>, set by then).
    /// </summary>
    public static async Task WalkAsync(
        PortalDatabase connections,
        string table,
        string contentColumns,
        Action<DbDataReader, CanonicalHasher, ChainLink> hashContent,
        Func<ChainLink, bool> visit,
        CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        // One read transaction: a consistent snapshot while writers keep appending behind it.
        await using var transaction = await connections.BeginSnapshotAsync(connection, cancellationToken);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT id, prev_hash, hash, {contentColumns} FROM {table} ORDER BY id";
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        using var hasher = new CanonicalHasher();
        var link = new ChainLink();
        while (reader.Read())
        {
            link.Id = reader.GetInt64(0);
            link.StoredPrevious = reader.IsDBNull(1) ? null : (byte[])reader.GetValue(1);
            link.StoredHash = reader.IsDBNull(2) ? null : (byte[])reader.GetValue(2);
            hashContent(reader, hasher, link);
            if (!visit(link))
            {
                return;
            }
        }
    }
}
