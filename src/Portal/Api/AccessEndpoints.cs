using PortalRelease.Contracts;
using PortalRelease.Portal.Api.OpenApi;
using PortalRelease.Portal.Identity;
using PortalRelease.Portal.Identity.Access;

namespace PortalRelease.Portal.Api;

/// <summary>
/// <c>/api/access</c>: the grants (admins: list, add, remove) and <c>GET /api/access/me</c>, what the caller may do —
/// the same answers the Access page gives, from <see cref="AccessGrantService"/> and <see cref="AccessControl"/>.
/// </summary>
public static class AccessEndpoints
{
    public static void MapAccessEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/access/grants", async (AccessGrantService grants, RequestAuditActor actor, CancellationToken ct) =>
            TypedResults.Ok((await grants.ListAsync(actor.Current, ct)).Select(g => g.ToView()).ToList()))
            .WithName("ListGrants").Produces<IReadOnlyList<AccessGrantView>>();

        api.MapPost("/access/grants", async (HttpRequest request, AccessGrantService grants, RequestAuditActor actor, CancellationToken ct) =>
        {
            var (body, problem) = await ApiJson.ReadAsync<GrantRequest>(request, ct);
            if (problem is not null)
            {
                return problem;
            }
            var change = await grants.AddAsync(new GrantInput(body!.User, body.Group, body.Everyone, body.Role, body.Environments, body.Services, body.Teams), actor.Current, ct);
            return change switch
            {
                { Errors.Count: > 0 } => Problems.Validation(change.Errors, $"The grant was not made: {change.Errors.First().Key}: {change.Errors.First().Value[0]}"),
                { Conflict: { } conflict } => Problems.Conflict(conflict),
                _ => TypedResults.Created($"/api/access/grants/{change.Grant!.Id}", change.Grant.ToView()),
            };
        }).WithName("AddGrant").JsonBody<GrantRequest>().Produces<AccessGrantView>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblems(409);

        api.MapDelete("/access/grants/{id}", async (string id, AccessGrantService grants, RequestAuditActor actor, CancellationToken ct) =>
        {
            var change = await grants.RemoveAsync(id, actor.Current, ct);
            return change switch
            {
                { Conflict: { } conflict } => Problems.Conflict(conflict),
                { Grant: null } => Problems.NotFound($"There is no grant '{Input.Excerpt.Of(id)}'."),
                _ => Results.NoContent(),
            };
        }).WithName("RemoveGrant").Produces(StatusCodes.Status204NoContent).ProducesProblems(404, 409);

        api.MapGet("/access/me", async (CurrentActor actor, AccessControl access, CancellationToken ct) =>
        {
            var user = actor.User;
            var grants = await access.GrantsOfAsync(user, ct);
            return TypedResults.Ok(new CallerView(
                user.Id, user.Name, user.Method, access.GroupsOf(user).Order(StringComparer.Ordinal).ToList(), grants.Select(g => g.ToView()).ToList()));
        }).WithName("GetCaller").Produces<CallerView>();
    }
}
