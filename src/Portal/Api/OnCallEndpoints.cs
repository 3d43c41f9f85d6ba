using PortalRelease.Contracts;
using PortalRelease.Portal.Api.OpenApi;
using PortalRelease.Portal.OnCall;

namespace PortalRelease.Portal.Api;

public static class OnCallEndpoints
{
    public static void MapOnCallEndpoints(this IEndpointRouteBuilder api) =>
        api.MapGet("/on-call", async (OnCallService onCall, CancellationToken ct) => Results.Ok((await onCall.GetAsync(ct)).ToView()))
            .WithName("GetOnCall").Produces<OnCallView>();
}
