using PortalRelease.Contracts;
using PortalRelease.Portal.Cluster;
using NodeState = PortalRelease.Contracts.NodeState;
using NodeView = PortalRelease.Portal.Cluster.NodeView;

namespace PortalRelease.Portal.Api;

/// <summary>The cluster snapshot as the API serves it.</summary>
internal static class ClusterViews
{
    public static ClusterView ToView(this ClusterSnapshot s) => new(
        s.Clustered, s.ThisNode, s.LeaseTimeMs, s.Nodes.Select(ToView).ToList(),
        s.Leases.Select(l => new ReleaseLeaseView(l.ReleaseId, l.NodeId, l.Epoch, l.AgeMs, l.ExpiresInMs)).ToList(),
        s.Singletons.Select(x => new SingletonLeaseView(x.Name, x.NodeId, x.Epoch, x.HeldForMs, x.ExpiresInMs)).ToList())
    {
        PluginMismatches = s.PluginMismatches.Select(ToView).ToList(),
    };

    private static ClusterNodeView ToView(NodeView n) => new(
        n.NodeId, n.Host, n.ProcessId, n.Version, (NodeState)(int)n.State, n.IsThisNode, n.HeartbeatAgeMs, n.Driving,
        n.PluginDifferences.Select(d => new PluginDifferenceView(d.PluginId, d.ThisNode, d.ThatNode)).ToList());
}
