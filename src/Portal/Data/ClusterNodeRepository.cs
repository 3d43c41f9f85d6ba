using Dapper;

namespace PortalRelease.Portal.Data;

/// <summary>A node as it last reported itself; times are the database's clock in milliseconds.</summary>
public sealed record ClusterNodeRow(string NodeId, string Host, long ProcessId, string Version, long StartedAt, long HeartbeatAt, long? StoppedAt, string Plugins);

/// <summary>The <c>cluster_nodes</c> table: each node's heartbeat and what it runs (version, plugin hashes).</summary>
public sealed class ClusterNodeRepository(PortalDatabase database)
{
    private string Now => database.Dialect.NowMillis;

    /// <summary>Records that the node is alive (and, the first time, that it started); <paramref name="plugins"/> is JSON.</summary>
    public async Task HeartbeatAsync(string nodeId, string host, int processId, string version, string plugins, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            $"""
            INSERT INTO cluster_nodes (node_id, host, process_id, version, started_at, heartbeat_at, stopped_at, plugins)
            VALUES (@nodeId, @host, @processId, @version, {Now}, {Now}, NULL, @plugins)
            ON CONFLICT (node_id) DO UPDATE SET heartbeat_at = {Now}, stopped_at = NULL, plugins = excluded.plugins, version = excluded.version
            """,
            new { nodeId, host, processId, version, plugins }, cancellationToken: cancellationToken));
    }

    /// <summary>The node stopped on purpose: shown as stopped, not as lost.</summary>
    public async Task StoppedAsync(string nodeId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE cluster_nodes SET stopped_at = {Now} WHERE node_id = @nodeId", new { nodeId }, cancellationToken: cancellationToken));
    }

    /// <summary>How many nodes have beaten within <paramref name="within"/>: how a node judges its fair share of releases.</summary>
    public async Task<int> CountAliveAsync(TimeSpan within, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            $"SELECT COUNT(*) FROM cluster_nodes WHERE stopped_at IS NULL AND heartbeat_at > {Now} - @ms",
            new { ms = (long)within.TotalMilliseconds }, cancellationToken: cancellationToken));
    }

    /// <summary>Every node that has ever joined, newest heartbeat first, with the database's clock now.</summary>
    public async Task<(long Now, IReadOnlyList<ClusterNodeRow> Nodes)> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var now = await connection.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT {Now}", cancellationToken: cancellationToken));
        var rows = await connection.QueryAsync<ClusterNodeRow>(new CommandDefinition(
            """
            SELECT node_id AS NodeId, host AS Host, process_id AS ProcessId, version AS Version, started_at AS StartedAt,
                   heartbeat_at AS HeartbeatAt, stopped_at AS StoppedAt, plugins AS Plugins
            FROM cluster_nodes ORDER BY heartbeat_at DESC, node_id
            """, cancellationToken: cancellationToken));
        return (now, rows.ToList());
    }
}
