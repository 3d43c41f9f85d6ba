using System.Data.Common;
using Microsoft.AspNetCore.Components;
using PortalRelease.Portal.Api;
using PortalRelease.Portal.Cluster;

namespace PortalRelease.Portal.Components.Controls;

/// <summary>
/// On the Plugins page, in a cluster: says that alive nodes run plugins whose hashes differ from this node's, and which
/// plugins. Which nodes (their ids, as the Nodes page shows them) only to those who may open that page
/// (<see cref="ClusterStatus.MayReadAsync"/>): a node's name says where the control plane runs.
/// </summary>
public sealed partial class PluginMismatchBanner
{
    private IReadOnlyList<NodeView> _mismatches = [];
    private bool _mayNameNodes;

    [Inject]
    public required ClusterStatus Cluster { get; init; }

    [Inject]
    public required RequestAuditActor Auditor { get; init; }

    private string NodesAndPlugins => string.Join("; ", _mismatches.Select(n => $"{n.NodeId} ({string.Join(", ", n.PluginDifferences.Select(d => d.PluginId))})"));

    private string Plugins => string.Join(", ", _mismatches.SelectMany(n => n.PluginDifferences).Select(d => d.PluginId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));

    protected override async Task OnInitializedAsync()
    {
        try
        {
            _mismatches = (await Cluster.ReadAsync()).PluginMismatches;
            _mayNameNodes = _mismatches.Count > 0 && (await Cluster.MayReadAsync(Auditor.Current)).Allowed;
        }
        catch (DbException)
        {
            // The database is away: the page still shows this node's plugins; the Nodes page says what is wrong.
        }
    }
}
