using PortalRelease.Contracts;

namespace PortalRelease.Client;

public sealed partial class PortalClient
{
    /// <summary><c>GET /api/cluster/nodes</c>: the nodes, their leases and singletons as the answering node sees them (operators and admins only).</summary>
    public async Task<ClusterView> GetClusterAsync(CancellationToken cancellationToken = default)
    {
        using var message = Request(HttpMethod.Get, "api/cluster/nodes");
        return await SendAsync<ClusterView>(message, cancellationToken);
    }
}
