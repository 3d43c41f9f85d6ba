using Microsoft.Data.Sqlite;
using PortalRelease.Portal.Audit;

namespace PortalRelease.Portal.Data;

/// <summary>The SQL of the journal's hash chain: its head for the writer, chaining old rows, and the walk verify makes.</summary>
public sealed class JournalChainStore(SqliteConnectionFactory connections) : IChainStore
{
    private const int Page = 10_000;

    public string Table => "journal";

    /// <summary>The hash of the newest row, or <see cref="CanonicalHasher.Genesis"/> when the journal is empty.</summary>
    internal static byte[] Head(SqliteConnection connection, SqliteTransaction? transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT hash FROM journal ORDER BY id DESC LIMIT 1";
        return command.ExecuteScalar() is byte[] { Length: CanonicalHasher.HashSize } hash ? hash : CanonicalHasher.Genesis.ToArray();
    }

    /// <summary>Migration step: chains the rows written before the chain existed, in id order, from genesis.</summary>
    internal static Task ChainExistingAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        var hasher = new CanonicalHasher();
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
                        reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetString(6), hash);
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

    public async Task<ChainHead?> HeadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, hash FROM journal ORDER BY id DESC LIMIT 1";
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return reader.Read() ? new ChainHead(reader.GetInt64(0), reader.IsDBNull(1) ? [] : (byte[])reader.GetValue(1)) : null;
    }

    public async Task WalkAsync(Func<ChainLink, bool> visit, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        // One read transaction: a consistent snapshot while the writer keeps appending behind it.
        using var transaction = connection.BeginTransaction(deferred: true);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT id, release_id, seq, at, type, actor, data, prev_hash, hash FROM journal ORDER BY id";
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var hasher = new CanonicalHasher();
        var link = new ChainLink();
        while (reader.Read())
        {
            link.Id = reader.GetInt64(0);
            link.ReleaseId = reader.GetString(1);
            link.Seq = reader.GetInt64(2);
            link.StoredPrevious = reader.IsDBNull(7) ? null : (byte[])reader.GetValue(7);
            link.StoredHash = reader.IsDBNull(8) ? null : (byte[])reader.GetValue(8);
            ChainContent.Journal(hasher, link.StoredPrevious, link.ReleaseId, link.Seq.Value, reader.GetString(3), reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetString(6), link.ContentHash);
            if (!visit(link))
            {
                return;
            }
        }
    }
}
