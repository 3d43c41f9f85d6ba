using PortalRelease.Contracts;
using PortalRelease.Portal.Api.OpenApi;
using PortalRelease.Portal.Input;
using PortalRelease.Portal.Ownership;

namespace PortalRelease.Portal.Api;

/// <summary><c>/api/services</c>: the service catalog (who owns which service). Everyone signed in reads; admins change.</summary>
public static class ServiceEndpoints
{
    public static void MapServiceEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/services", async (ServiceCatalog catalog, CancellationToken ct) => TypedResults.Ok((await catalog.ListAsync(ct)).Select(s => s.ToView()).ToList()))
            .WithName("ListServices").Produces<IReadOnlyList<ServiceEntryView>>();

        api.MapGet("/services/{name}", async (string name, ServiceCatalog catalog, CancellationToken ct) =>
            await catalog.GetAsync(name, ct) is { } entry
                ? Results.Ok(entry.ToView())
                : Problems.NotFound($"There is no service '{Excerpt.Of(name)}' in the catalog."))
            .WithName("GetService").Produces<ServiceEntryView>().ProducesProblems(404);

        api.MapPut("/services/{name}", async (string name, HttpRequest request, ServiceCatalog catalog, RequestAuditActor actor, CancellationToken ct) =>
        {
            var (body, problem) = await ApiJson.ReadAsync<ServiceRequest>(request, ct);
            if (problem is not null)
            {
                return problem;
            }
            var change = await catalog.PutAsync(name, new ServiceInput(body!.Team, body.Description), actor.Current, ct);
            return change switch
            {
                { Errors.Count: > 0 } => Problems.Validation(change.Errors, $"The service was not saved: {change.Errors.First().Key}: {change.Errors.First().Value[0]}"),
                { Created: true } => Results.Created($"/api/services/{change.Entry!.Name}", change.Entry.ToView()),
                _ => Results.Ok(change.Entry!.ToView()),
            };
        }).WithName("PutService").JsonBody<ServiceRequest>().Produces<ServiceEntryView>().Produces<ServiceEntryView>(StatusCodes.Status201Created).ProducesValidationProblem();

        api.MapDelete("/services/{name}", async (string name, ServiceCatalog catalog, RequestAuditActor actor, CancellationToken ct) =>
            await catalog.RemoveAsync(name, actor.Current, ct) is null
                ? Problems.NotFound($"There is no service '{Excerpt.Of(name)}' in the catalog.")
                : Results.NoContent())
            .WithName("RemoveService").Produces(StatusCodes.Status204NoContent).ProducesProblems(404);
    }
}
