using System.Data.Common;
using Microsoft.AspNetCore.Components;
using PortalRelease.Portal.Cluster;

namespace PortalRelease.Portal.Components.Controls;

/// <summary>On the Plugins page: names the alive nodes whose plugin hashes differ from this node's (a cluster only).</summary>
public sealed partial class PluginMismatchBanner
{
    private IReadOnlyList<NodeView> _mismatches = [];

    [Inject]
    public required ClusterStatus Cluster { get; init; }

    protected override async Task OnInitializedAsync()
    {
        try
        {
            _mismatches = (await Cluster.ReadAsync()).PluginMismatches;
        }
        catch (DbException)
        {
            // The database is away: the page still shows this node's plugins; the Nodes page says what is wrong.
        }
    }
}
