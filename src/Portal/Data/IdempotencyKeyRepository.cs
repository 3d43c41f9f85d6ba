using System.Data.Common;
using Dapper;

namespace PortalRelease.Portal.Data;

/// <summary>A caller's idempotency key as stored: which release it created, for which request (by hash), and when.</summary>
public sealed record IdempotencyRecord(string Actor, string Key, string RequestHash, string ReleaseId, DateTimeOffset CreatedAt);

/// <summary>Another request with the same actor and key committed first; nothing of this one was saved.</summary>
public sealed class IdempotencyKeyTakenException(string actor, Exception inner)
    : Exception($"An idempotency key of '{actor}' is already taken by another release.", inner);

/// <summary>
/// The <c>idempotency_keys</c> table. A key is written only by the journal writer, in the transaction that creates its
/// release, so a key never exists without its release nor a release twice for one key.
/// </summary>
public sealed class IdempotencyKeyRepository(PortalDatabase connections)
{
    /// <summary>How long a key answers with its release; after that the same key creates a new release.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(24);

    private sealed record Row(string Actor, string Key, string RequestHash, string ReleaseId, string CreatedAt);

    /// <summary>The live key of <paramref name="actor"/> (created after <c>now - Retention</c>), or null.</summary>
    public async Task<IdempotencyRecord?> FindAsync(string actor, string key, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(
            new CommandDefinition(
                """
                SELECT actor AS Actor, idempotency_key AS Key, request_hash AS RequestHash, release_id AS ReleaseId, created_at AS CreatedAt
                FROM idempotency_keys WHERE actor = @actor AND idempotency_key = @key AND created_at > @cutoff
                """,
                new { actor, key, cutoff = DbTime.Format(now - Retention) },
                cancellationToken: cancellationToken));
        return row is null ? null : new IdempotencyRecord(row.Actor, row.Key, row.RequestHash, row.ReleaseId, DbTime.Parse(row.CreatedAt));
    }

    /// <summary>Deletes keys past their retention; returns how many.</summary>
    public async Task<int> SweepAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM idempotency_keys WHERE created_at <= @cutoff", new { cutoff = DbTime.Format(now - Retention) }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Inserts the key inside the caller's transaction (the one creating its release). An expired row of the same key
    /// not yet swept gives way; a live one throws <see cref="IdempotencyKeyTakenException"/>.
    /// </summary>
    internal static async Task InsertAsync(DbConnection connection, DbTransaction transaction, SqlDialect dialect, IdempotencyRecord key)
    {
        await connection.ExecuteAsync(
            "DELETE FROM idempotency_keys WHERE actor = @Actor AND idempotency_key = @Key AND created_at <= @cutoff",
            new { key.Actor, key.Key, cutoff = DbTime.Format(key.CreatedAt - Retention) },
            transaction);
        try
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO idempotency_keys (actor, idempotency_key, request_hash, release_id, created_at)
                VALUES (@Actor, @Key, @RequestHash, @ReleaseId, @CreatedAt)
                """,
                new { key.Actor, key.Key, key.RequestHash, key.ReleaseId, CreatedAt = DbTime.Format(key.CreatedAt) },
                transaction);
        }
        catch (DbException error) when (dialect.IsUniqueViolation(error))
        {
            throw new IdempotencyKeyTakenException(key.Actor, error);
        }
    }
}
