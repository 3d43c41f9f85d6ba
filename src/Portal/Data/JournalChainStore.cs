using Microsoft.Data.Sqlite;
using PortalRelease.Portal.Audit;

namespace PortalRelease.Portal.Data;

/// <summary>The SQL of the journal's hash chain: its head for the writer, chaining old rows, and the walk verify makes.</summary>
public sealed class JournalChainStore(PortalDatabase connections) : IChainStore
{
    private const int Page = 10_000;

    public string Table => "journal";

    /// <summary>The hash of the newest row, or <see cref="CanonicalHasher.Genesis"/> when the journal is empty.</summary>
    internal static byte[] Head(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction? transaction) => ChainTable.LastHash(connection, transaction, "journal");

    /// <summary>Migration step: chains the rows written before the chain existed, in id order, from genesis.</summary>
    internal static Task ChainExistingAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        using var hasher = new CanonicalHasher();
        var previous = CanonicalHasher.Genesis.ToArray();
        using var update = connection.CreateCommand();
        update.Transaction = transaction;
        update.CommandText = "UPDATE journal SET prev_hash = $p, hash = $h WHERE id = $id";
        var (prevParameter, hashParameter, idParameter) = (update.Parameters.Add("$p", SqliteType.Blob), update.Parameters.Add("$h", SqliteType.Blob), update.Parameters.Add("$id", SqliteType.Integer));
        // Read a page, then update it: updating the table a reader on the same connection still walks is asking for trouble.
        var page = new List<(long Id, byte[] Prev, byte[] Hash)>(Page);
        for (long after = 0; ; after = page[^1].Id)
        {
            cancellationToken.ThrowIfCancellationRequested();
            page.Clear();
            using (var select = connection.CreateCommand())
            {
                select.Transaction = transaction;
                select.CommandText = "SELECT id, release_id, seq, at, type, actor, data FROM journal WHERE id > $after ORDER BY id LIMIT $page";
                select.Parameters.AddWithValue("$after", after);
                select.Parameters.AddWithValue("$page", Page);
                using var reader = select.ExecuteReader();
                while (reader.Read())
                {
                    var hash = new byte[CanonicalHasher.HashSize];
                    ChainContent.Journal(hasher, previous, reader.GetString(1), reader.GetInt64(2), reader.GetString(3), reader.GetString(4),
                        reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetString(6), null, hash);
                    page.Add((reader.GetInt64(0), previous, hash));
                    previous = hash;
                }
            }
            if (page.Count == 0)
            {
                return Task.CompletedTask;
            }
            foreach (var (id, prev, hash) in page)
            {
                (idParameter.Value, prevParameter.Value, hashParameter.Value) = (id, prev, hash);
                update.ExecuteNonQuery();
            }
        }
    }

    public Task<ChainHead?> HeadAsync(CancellationToken cancellationToken) => ChainTable.HeadAsync(connections, Table, cancellationToken);

    public Task WalkAsync(Func<ChainLink, bool> visit, CancellationToken cancellationToken) =>
        ChainTable.WalkAsync(connections, Table, "release_id, seq, at, type, actor, data, actor_name", HashContent, visit, cancellationToken);

    private static void HashContent(System.Data.Common.DbDataReader reader, CanonicalHasher hasher, ChainLink link)
    {
        const int first = ChainTable.FirstContentColumn;
        link.ReleaseId = reader.GetString(first);
        link.Seq = reader.GetInt64(first + 1);
        ChainContent.Journal(hasher, link.StoredPrevious, link.ReleaseId, link.Seq.Value, reader.GetString(first + 2), reader.GetString(first + 3),
            reader.IsDBNull(first + 4) ? null : reader.GetString(first + 4), reader.GetString(first + 5),
            reader.IsDBNull(first + 6) ? null : reader.GetString(first + 6), link.ContentHash);
    }
}
