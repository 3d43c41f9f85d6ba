using System.Text.Json.Serialization;

namespace PortalRelease.Contracts;

/// <summary>
/// The cluster as the answering node sees it (<c>GET /api/cluster/nodes</c>, operators and admins): its nodes, which
/// node drives which release under which lease epoch, and the background work one node runs for all.
/// <see cref="Clustered"/> is false on SQLite (one process is the whole control plane).
/// </summary>
public sealed record ClusterView(
    bool Clustered, string ThisNode, long LeaseTimeMs, IReadOnlyList<ClusterNodeView> Nodes, IReadOnlyList<ReleaseLeaseView> Leases, IReadOnlyList<SingletonLeaseView> Singletons)
{
    /// <summary>The nodes whose plugins differ from the answering node's.</summary>
    public IReadOnlyList<ClusterNodeView>? PluginMismatches { get; init; }
}

/// <summary>Whether a node reports (<see cref="Alive"/>), went silent past its lease time, or stopped cleanly; served as its name.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<NodeState>))]
public enum NodeState
{
    Alive,
    Lost,
    Stopped,
}

/// <summary>One node: where it runs, how long since it reported, how many releases it drives, and its plugins that differ.</summary>
public sealed record ClusterNodeView(
    string NodeId, string Host, long ProcessId, string Version, NodeState State, bool IsThisNode, long HeartbeatAgeMs, int Driving,
    IReadOnlyList<PluginDifferenceView> PluginDifferences);

/// <summary>A release's lease: who drives it (null when free), the fencing epoch, its age and time left (negative: expired).</summary>
public sealed record ReleaseLeaseView(string ReleaseId, string? NodeId, long Epoch, long? AgeMs, long? ExpiresInMs);

/// <summary>A background service one node runs for the cluster, and which node (null when free).</summary>
public sealed record SingletonLeaseView(string Name, string? NodeId, long Epoch, long? HeldForMs, long? ExpiresInMs);

/// <summary>A plugin whose folder hash differs between the answering node and another (empty when one lacks it).</summary>
public sealed record PluginDifferenceView(string PluginId, string ThisNode, string ThatNode);
