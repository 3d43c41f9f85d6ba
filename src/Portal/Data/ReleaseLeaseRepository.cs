using Dapper;

namespace PortalRelease.Portal.Data;

/// <summary>A release's lease as stored: who drives it, under which fencing epoch, until when (database clock, ms).</summary>
public sealed record ReleaseLeaseRow(string ReleaseId, string? NodeId, long Epoch, long ExpiresAt, long AcquiredAt);

/// <summary>
/// The <c>release_leases</c> table: one row per unsettled release in a cluster, saying which node drives it. Every change
/// is one conditional statement judged by the database's clock, so two nodes can never both believe they won: a lease is
/// taken only when free or run out, and taking it moves its epoch on, which fences out whoever held it before (the
/// journal refuses an append stating an older epoch, see <see cref="JournalAppender"/>).
/// </summary>
public sealed class ReleaseLeaseRepository(PortalDatabase database)
{
    private string Now => database.Dialect.NowMillis;

    /// <summary>Makes sure each release has a lease row (free), e.g. releases copied in or created before cluster mode.</summary>
    public async Task EnsureAsync(IReadOnlyCollection<string> releaseIds, CancellationToken cancellationToken = default)
    {
        if (releaseIds.Count == 0)
        {
            return;
        }
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO release_leases (release_id, node_id, epoch, expires_at, acquired_at) VALUES (@id, NULL, 0, 0, 0) ON CONFLICT (release_id) DO NOTHING",
            releaseIds.Select(id => new { id }).ToList(), cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Takes the lease when it is free or has run out; returns the new epoch, or null when another node holds it. A
    /// release whose lease went when it settled gets a new one: a settled release may have work again (a rollback asked
    /// of a promoted release).
    /// </summary>
    public async Task<long?> TryAcquireAsync(string releaseId, string nodeId, TimeSpan leaseTime, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO release_leases (release_id, node_id, epoch, expires_at, acquired_at) VALUES (@releaseId, NULL, 0, 0, 0) ON CONFLICT (release_id) DO NOTHING",
            new { releaseId }, cancellationToken: cancellationToken));
        return await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
            $"""
            UPDATE release_leases SET node_id = @nodeId, epoch = epoch + 1, expires_at = {Now} + @ms, acquired_at = {Now}
            WHERE release_id = @releaseId AND (node_id IS NULL OR expires_at < {Now})
            RETURNING epoch
            """,
            new { releaseId, nodeId, ms = (long)leaseTime.TotalMilliseconds }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Extends every lease this node still holds among <paramref name="releaseIds"/>; returns each renewed release's epoch.
    /// A release missing from the answer (or with another epoch) was taken over: its runner must stop.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, long>> RenewAsync(string nodeId, IReadOnlyCollection<string> releaseIds, TimeSpan leaseTime, CancellationToken cancellationToken = default)
    {
        var renewed = new Dictionary<string, long>(StringComparer.Ordinal);
        if (releaseIds.Count == 0)
        {
            return renewed;
        }
        await using var connection = await database.OpenAsync(cancellationToken);
        foreach (var chunk in releaseIds.Chunk(500))
        {
            var parameters = new DynamicParameters(new { nodeId, ms = (long)leaseTime.TotalMilliseconds });
            var rows = await connection.QueryAsync<(string ReleaseId, long Epoch)>(new CommandDefinition(
                $"UPDATE release_leases SET expires_at = {Now} + @ms WHERE node_id = @nodeId AND release_id IN {SqlList.Of(parameters, "id", chunk)} RETURNING release_id, epoch",
                parameters, cancellationToken: cancellationToken));
            foreach (var (releaseId, epoch) in rows)
            {
                renewed[releaseId] = epoch;
            }
        }
        return renewed;
    }

    /// <summary>Releases whose lease is free or has run out, oldest taken first: what a node may adopt.</summary>
    public async Task<IReadOnlyList<string>> ListAdoptableAsync(int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<string>(new CommandDefinition(
            $"SELECT release_id FROM release_leases WHERE node_id IS NULL OR expires_at < {Now} ORDER BY acquired_at, release_id LIMIT @limit",
            new { limit }, cancellationToken: cancellationToken))).ToList();
    }

    /// <summary>Hands a lease back at once (a graceful shutdown): another node may take it without waiting for it to run out.</summary>
    public async Task GiveUpAsync(string releaseId, string nodeId, long epoch, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE release_leases SET node_id = NULL, expires_at = 0 WHERE release_id = @releaseId AND node_id = @nodeId AND epoch = @epoch",
            new { releaseId, nodeId, epoch }, cancellationToken: cancellationToken));
    }

    /// <summary>The release settled: nothing is left to drive, so its lease goes (only by the node that holds it).</summary>
    public async Task DeleteAsync(string releaseId, string nodeId, long epoch, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM release_leases WHERE release_id = @releaseId AND node_id = @nodeId AND epoch = @epoch",
            new { releaseId, nodeId, epoch }, cancellationToken: cancellationToken));
    }

    /// <summary>Every lease with the database's clock now: for the Nodes panel.</summary>
    public async Task<(long Now, IReadOnlyList<ReleaseLeaseRow> Leases)> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var now = await connection.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT {Now}", cancellationToken: cancellationToken));
        var rows = await connection.QueryAsync<ReleaseLeaseRow>(new CommandDefinition(
            "SELECT release_id AS ReleaseId, node_id AS NodeId, epoch AS Epoch, expires_at AS ExpiresAt, acquired_at AS AcquiredAt FROM release_leases ORDER BY release_id",
            cancellationToken: cancellationToken));
        return (now, rows.ToList());
    }

    /// <summary>
    /// Inside a journal append's transaction: the epoch of each of <paramref name="releaseIds"/> whose lease
    /// <paramref name="nodeId"/> holds, rows locked against a take-over until the append commits. A release missing from
    /// the answer, or at another epoch, was taken over: its append must not happen.
    /// </summary>
    /// <summary><see cref="HeldAsync"/> on PostgreSQL, for a statement batch: parameters <c>@nodeId</c> and the array <c>@ids</c>.</summary>
    internal const string HeldPostgresSql = "SELECT release_id, epoch FROM release_leases WHERE node_id = @nodeId AND release_id = ANY(@ids) FOR SHARE";

    internal static async Task<IReadOnlyDictionary<string, long>> HeldAsync(
        System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, SqlDialect dialect,
        string nodeId, IReadOnlyCollection<string> releaseIds, CancellationToken cancellationToken)
    {
        var parameters = new DynamicParameters(new { nodeId });
        var rows = await connection.QueryAsync<(string ReleaseId, long Epoch)>(new CommandDefinition(
            $"SELECT release_id, epoch FROM release_leases WHERE node_id = @nodeId AND release_id IN {SqlList.Of(parameters, "id", releaseIds)}{dialect.ForShare}",
            parameters, transaction, cancellationToken: cancellationToken));
        return rows.ToDictionary(r => r.ReleaseId, r => r.Epoch, StringComparer.Ordinal);
    }

    /// <summary>The newest sequence number of each release: how a node notices events other nodes appended to what it drives.</summary>
    public async Task<IReadOnlyDictionary<string, long>> LastSeqsAsync(IReadOnlyCollection<string> releaseIds, CancellationToken cancellationToken = default)
    {
        var seqs = new Dictionary<string, long>(StringComparer.Ordinal);
        if (releaseIds.Count == 0)
        {
            return seqs;
        }
        await using var connection = await database.OpenAsync(cancellationToken);
        foreach (var chunk in releaseIds.Chunk(500))
        {
            var parameters = new DynamicParameters();
            foreach (var (releaseId, seq) in await connection.QueryAsync<(string, long)>(new CommandDefinition(
                $"SELECT release_id, MAX(seq) FROM journal WHERE release_id IN {SqlList.Of(parameters, "id", chunk)} GROUP BY release_id", parameters, cancellationToken: cancellationToken)))
            {
                seqs[releaseId] = seq;
            }
        }
        return seqs;
    }
}
