using Dapper;

namespace PortalRelease.Portal.Data;

/// <summary>Which node runs one kind of singleton work, under which epoch, until when (database clock, ms); node null: free.</summary>
public sealed record ClusterSingletonRow(string Name, string? NodeId, long Epoch, long ExpiresAt, long AcquiredAt);

/// <summary>
/// The <c>cluster_singletons</c> table (migration 0023): one lease row per kind of background work that one node of a
/// cluster runs at a time. Taken, renewed and handed back like a release's lease (<see cref="ReleaseLeaseRepository"/>):
/// one conditional statement judged by the database's clock each, so two nodes never both believe they won.
/// </summary>
public sealed class ClusterSingletonRepository(PortalDatabase database)
{
    private string Now => database.Dialect.NowMillis;

    /// <summary>Takes the singleton when it is free or its holder's lease has run out; returns the new epoch, or null when another node holds it.</summary>
    public async Task<long?> TryAcquireAsync(string name, string nodeId, TimeSpan leaseTime, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO cluster_singletons (name, node_id, epoch, expires_at, acquired_at) VALUES (@name, NULL, 0, 0, 0) ON CONFLICT (name) DO NOTHING",
            new { name }, cancellationToken: cancellationToken));
        return await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
            $"""
            UPDATE cluster_singletons SET node_id = @nodeId, epoch = epoch + 1, expires_at = {Now} + @ms, acquired_at = {Now}
            WHERE name = @name AND (node_id IS NULL OR expires_at < {Now})
            RETURNING epoch
            """,
            new { name, nodeId, ms = (long)leaseTime.TotalMilliseconds }, cancellationToken: cancellationToken));
    }

    /// <summary>Extends the holder's lease; false when it was taken over (the work must stop).</summary>
    public async Task<bool> RenewAsync(string name, string nodeId, long epoch, TimeSpan leaseTime, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE cluster_singletons SET expires_at = {Now} + @ms WHERE name = @name AND node_id = @nodeId AND epoch = @epoch",
            new { name, nodeId, epoch, ms = (long)leaseTime.TotalMilliseconds }, cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>Hands the singleton back at once (a graceful stop): another node takes it on its next look.</summary>
    public async Task GiveUpAsync(string name, string nodeId, long epoch, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE cluster_singletons SET node_id = NULL, expires_at = 0 WHERE name = @name AND node_id = @nodeId AND epoch = @epoch",
            new { name, nodeId, epoch }, cancellationToken: cancellationToken));
    }

    /// <summary>Every singleton and its holder, with the database's clock now: for the Nodes panel.</summary>
    public async Task<(long Now, IReadOnlyList<ClusterSingletonRow> Singletons)> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var now = await connection.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT {Now}", cancellationToken: cancellationToken));
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            "SELECT name AS Name, node_id AS NodeId, epoch AS Epoch, expires_at AS ExpiresAt, acquired_at AS AcquiredAt FROM cluster_singletons ORDER BY name",
            cancellationToken: cancellationToken));
        return (now, rows.Select(r => new ClusterSingletonRow(r.Name, r.NodeId, r.Epoch, r.ExpiresAt, r.AcquiredAt)).ToList());
    }

    // Properties, not a positional record: SQLite's INTEGER and PostgreSQL's BIGINT both convert to long here.
    private sealed class Row
    {
        public string Name { get; init; } = "";
        public string? NodeId { get; init; }
        public long Epoch { get; init; }
        public long ExpiresAt { get; init; }
        public long AcquiredAt { get; init; }
    }
}
