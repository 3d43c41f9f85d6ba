using PortalRelease.Contracts;
using PortalRelease.Portal.Api.OpenApi;
using PortalRelease.Portal.Slos;

namespace PortalRelease.Portal.Api;

/// <summary><c>GET /api/slos</c> (every service) and <c>GET /api/slos/{service}</c> (history and deployments).</summary>
public static class SloEndpoints
{
    public static IEndpointRouteBuilder MapSloEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/slos", async (SloService slos, CancellationToken ct) => Results.Ok((await slos.ListAsync(ct)).Select(s => s.ToView())))
            .WithName("ListSlos").Produces<IReadOnlyList<ServiceSloView>>();
        api.MapGet("/slos/{service}", async (string service, SloService slos, CancellationToken ct) =>
            await slos.GetAsync(service, ct) is { } detail
                ? Results.Ok(detail.ToView())
                : Problems.NotFound($"No template declares SLOs for service '{service}'."))
            .WithName("GetSlos").Produces<ServiceSloDetailView>().ProducesProblems(404);
        return api;
    }
}
