using PortalRelease.Portal.Cluster;

namespace PortalRelease.Portal.Api;

public static class ClusterEndpoints
{
    /// <summary>
    /// Maps <c>GET /api/cluster/nodes</c>: the nodes, their heartbeats and plugin differences, and which node drives which
    /// release under which lease epoch — what the Nodes panel shows, for scripts and dashboards. Operators and admins
    /// only (<see cref="ClusterStatus.MayReadAsync"/>): it names hosts and process ids.
    /// </summary>
    public static IEndpointRouteBuilder MapClusterEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/cluster/nodes", async (ClusterStatus status, RequestAuditActor actor, CancellationToken cancellationToken) =>
                TypedResults.Ok((await status.ReadAsync(actor.Current, cancellationToken)).ToView()))
            .WithName("ListClusterNodes");
        return api;
    }
}
