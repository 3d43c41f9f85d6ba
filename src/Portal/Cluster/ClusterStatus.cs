using System.Text.Json;
using Microsoft.Extensions.Options;
using PortalRelease.Portal.Audit;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Identity.Access;
using PortalRelease.Portal.Plugins;
using PortalRelease.Portal.Releases.Engine;

namespace PortalRelease.Portal.Cluster;

/// <summary>
/// What the Nodes panel and <c>GET /api/cluster/nodes</c> show: every node with its heartbeat, the releases it drives and
/// how its plugins differ from this node's, every lease with its age, and which node runs each singleton work. Ages come from the database's clock, so a node
/// whose own clock is off still reads right.
/// </summary>
public sealed class ClusterStatus(
    ReleaseOwnership ownership,
    NodeIdentity node,
    ClusterNodeRepository nodes,
    ReleaseLeaseRepository leases,
    ClusterSingletonRepository singletons,
    ReleaseEngine engine,
    PluginCatalog plugins,
    AccessGuard guard,
    IOptions<ClusterOptions> options)
{
    /// <summary>Nodes that stopped or were lost longer ago than this are left out: a rolling upgrade leaves one row per old process.</summary>
    public static readonly TimeSpan Forgotten = TimeSpan.FromHours(24);

    /// <summary>
    /// Whether <paramref name="actor"/> may see the nodes: they name hosts and process ids, which are for those who run
    /// the portal — operators and admins, by a grant not narrowed to some services or environments (the
    /// <see cref="AccessPermission.Operate"/> permission, globally).
    /// </summary>
    public Task<AccessDecision> MayReadAsync(AuditActor actor) => guard.CheckAsync(actor, AccessPermission.Operate, AccessScope.Global);

    /// <summary>The snapshot for <paramref name="actor"/>: <see cref="AccessDeniedException"/> (a 403) unless <see cref="MayReadAsync"/>.</summary>
    public async Task<ClusterSnapshot> ReadAsync(AuditActor actor, CancellationToken cancellationToken = default)
    {
        (await MayReadAsync(actor)).Demand();
        return await ReadAsync(cancellationToken);
    }

    /// <summary>The snapshot unchecked, for this node's own use; what reaches a user goes through the overload with its actor.</summary>
    public async Task<ClusterSnapshot> ReadAsync(CancellationToken cancellationToken = default)
    {
        var localPlugins = PluginHashes.Of(plugins.Plugins);
        if (!ownership.Clustered)
        {
            // One process drives every release; nothing is leased and no other node reports.
            var held = engine.Holds.Select(h => h.ReleaseId).Order(StringComparer.Ordinal).ToList();
            var self = new NodeView(node.Id, node.Host, node.ProcessId, Version, NodeState.Alive, IsThisNode: true, HeartbeatAgeMs: 0, held.Count, []);
            return new ClusterSnapshot(Clustered: false, node.Id, (long)options.Value.LeaseTime.TotalMilliseconds, [self],
                held.Select(id => new LeaseView(id, node.Id, Epoch: 0, AgeMs: null, ExpiresInMs: null)).ToList(), []);
        }

        var (now, nodeRows) = await nodes.ListAsync(cancellationToken);
        var (leaseNow, leaseRows) = await leases.ListAsync(cancellationToken);
        var leaseTime = (long)options.Value.LeaseTime.TotalMilliseconds;
        var driven = leaseRows.Where(l => l.NodeId is not null && l.ExpiresAt > leaseNow)
            .GroupBy(l => l.NodeId!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var views = nodeRows
            .Select(row => ToView(row, now, leaseTime, driven.GetValueOrDefault(row.NodeId), localPlugins))
            .Where(v => v.State == NodeState.Alive || v.IsThisNode || v.HeartbeatAgeMs < Forgotten.TotalMilliseconds)
            .OrderBy(v => v.State).ThenBy(v => v.NodeId, StringComparer.Ordinal)
            .ToList();
        var leaseViews = leaseRows
            .Select(l => new LeaseView(l.ReleaseId, l.NodeId, l.Epoch, leaseNow - l.AcquiredAt, l.NodeId is null ? null : l.ExpiresAt - leaseNow))
            .ToList();
        var (singletonNow, singletonRows) = await singletons.ListAsync(cancellationToken);
        var singletonViews = singletonRows
            .Select(r => new SingletonView(r.Name, r.NodeId, r.Epoch, r.NodeId is null ? null : singletonNow - r.AcquiredAt, r.NodeId is null ? null : r.ExpiresAt - singletonNow))
            .ToList();
        return new ClusterSnapshot(Clustered: true, node.Id, leaseTime, views, leaseViews, singletonViews);
    }

    private NodeView ToView(ClusterNodeRow row, long now, long leaseTime, int driving, IReadOnlyDictionary<string, string> localPlugins)
    {
        var age = Math.Max(0, now - row.HeartbeatAt);
        var state = row.StoppedAt is not null ? NodeState.Stopped : age <= leaseTime ? NodeState.Alive : NodeState.Lost;
        var differences = state == NodeState.Alive && row.NodeId != node.Id
            ? PluginHashes.Compare(localPlugins, PluginHashes.Parse(row.Plugins))
            : [];
        return new NodeView(row.NodeId, row.Host, row.ProcessId, row.Version, state, row.NodeId == node.Id, age, driving, differences);
    }

    private static readonly string Version = typeof(ClusterStatus).Assembly.GetName().Version?.ToString() ?? "0";
}

/// <summary>The cluster as this node sees it.</summary>
/// <param name="Clustered">False on SQLite: this one process is the whole control plane.</param>
/// <param name="ThisNode">The node that answered.</param>
/// <param name="LeaseTimeMs">How long a lease lasts without renewal; a node silent for longer is lost.</param>
/// <param name="Singletons">Background work one node runs for the cluster, and which node; empty on SQLite (this node runs all).</param>
public sealed record ClusterSnapshot(
    bool Clustered, string ThisNode, long LeaseTimeMs, IReadOnlyList<NodeView> Nodes, IReadOnlyList<LeaseView> Leases, IReadOnlyList<SingletonView> Singletons)
{
    /// <summary>Alive nodes whose plugins differ from this node's: the same release could behave differently by node.</summary>
    public IReadOnlyList<NodeView> PluginMismatches => Nodes.Where(n => n.PluginDifferences.Count > 0).ToList();
}

[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<NodeState>))]
public enum NodeState
{
    Alive,
    Lost,
    Stopped,
}

/// <param name="HeartbeatAgeMs">Milliseconds since the node last reported, by the database's clock.</param>
/// <param name="Driving">How many releases it holds an unexpired lease on.</param>
/// <param name="PluginDifferences">Each plugin whose hash on that node is not this node's (missing on one side: empty hash).</param>
public sealed record NodeView(
    string NodeId, string Host, long ProcessId, string Version, NodeState State, bool IsThisNode, long HeartbeatAgeMs, int Driving,
    IReadOnlyList<PluginDifference> PluginDifferences);

/// <param name="NodeId">Who holds it; null when free (new, or handed back at shutdown) and waiting to be adopted.</param>
/// <param name="Epoch">The fencing token: it moves on with every take-over.</param>
/// <param name="AgeMs">Since this holder acquired it.</param>
/// <param name="ExpiresInMs">Until it runs out unless renewed; negative when it already has (the holder is lost).</param>
public sealed record LeaseView(string ReleaseId, string? NodeId, long Epoch, long? AgeMs, long? ExpiresInMs);

/// <param name="Name">The background service, as <c>/healthz</c> names it (<c>release-facts-projector</c>, …).</param>
/// <param name="NodeId">The node running it; null when free (handed back at a graceful stop) until the next node polls.</param>
/// <param name="HeldForMs">Since this holder was elected.</param>
/// <param name="ExpiresInMs">Until its lease runs out unless renewed; negative when it already has (its holder is lost).</param>
public sealed record SingletonView(string Name, string? NodeId, long Epoch, long? HeldForMs, long? ExpiresInMs);

/// <param name="ThisNode">The SHA-256 of the plugin's folder on the node that answered; empty when it has no such plugin.</param>
/// <param name="ThatNode">The same on the other node.</param>
public sealed record PluginDifference(string PluginId, string ThisNode, string ThatNode);

/// <summary>The plugin hashes a node reports in its heartbeat: <c>{ "id": "sha256" }</c>.</summary>
public static class PluginHashes
{
    public static IReadOnlyDictionary<string, string> Of(IEnumerable<PluginInfo> plugins) =>
        plugins.GroupBy(p => p.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Sha256 ?? "", StringComparer.Ordinal);

    public static string Serialize(IEnumerable<PluginInfo> plugins) =>
        JsonSerializer.Serialize(new SortedDictionary<string, string>(Of(plugins).ToDictionary(), StringComparer.Ordinal));

    /// <summary>Reads what another node wrote; anything unreadable counts as no plugins, which shows as every plugin differing.</summary>
    public static IReadOnlyDictionary<string, string> Parse(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];
        }
        catch (JsonException)
        {
            return new Dictionary<string, string>();
        }
    }

    public static IReadOnlyList<PluginDifference> Compare(IReadOnlyDictionary<string, string> mine, IReadOnlyDictionary<string, string> theirs) =>
        mine.Keys.Union(theirs.Keys, StringComparer.Ordinal)
            .Where(id => !string.Equals(mine.GetValueOrDefault(id, ""), theirs.GetValueOrDefault(id, ""), StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(id => new PluginDifference(id, mine.GetValueOrDefault(id, ""), theirs.GetValueOrDefault(id, "")))
            .ToList();
}
