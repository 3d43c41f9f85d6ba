using PortalRelease.Contracts;
using PortalRelease.Portal.Api.OpenApi;
using PortalRelease.Portal.Identity.Local;

namespace PortalRelease.Portal.Api;

/// <summary>
/// <c>/api/access/users</c>: built-in accounts (Local sign-in mode), managed by admins through <see cref="LocalUserService"/>.
/// A password is never sent in: creating an account or resetting its password answers with a one-time password,
/// shown this once, that must be changed at the next sign-in.
/// </summary>
public static class UserEndpoints
{
    private const string Route = "/access/users";

    public static void MapUserEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet(Route, async (LocalUserService service, RequestAuditActor actor, CancellationToken ct) =>
            await Answer(async () => TypedResults.Ok((await service.ListAsync(actor.Current, ct)).Select(u => u.ToView()).ToList())))
            .WithName("ListUsers").Produces<IReadOnlyList<LocalUserView>>().ProducesProblems(409);

        api.MapPost(Route, async (HttpRequest request, LocalUserService service, RequestAuditActor actor, CancellationToken ct) =>
        {
            var (body, problem) = await ApiJson.ReadAsync<CreateUserRequest>(request, ct);
            return problem ?? await Answer(async () =>
            {
                var created = await service.CreateAsync(actor.Current, new NewLocalUser(body!.UserName, body.DisplayName, body.Groups), ct);
                return TypedResults.Created($"/api/access/users/{created.User.Id}", created.ToView());
            });
        }).WithName("CreateUser").JsonBody<CreateUserRequest>().Produces<LocalUserPasswordView>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblems(404, 409);

        api.MapGet(Route + "/{id}", async (string id, LocalUserService service, RequestAuditActor actor, CancellationToken ct) =>
            await Answer(async () => TypedResults.Ok((await service.GetAsync(actor.Current, id, ct)).ToView())))
            .WithName("GetUser").Produces<LocalUserView>().ProducesProblems(404, 409);

        api.MapPatch(Route + "/{id}", async (string id, HttpRequest request, LocalUserService service, RequestAuditActor actor, CancellationToken ct) =>
        {
            var (body, problem) = await ApiJson.ReadAsync<ChangeUserRequest>(request, ct);
            return problem ?? await Answer(async () =>
                TypedResults.Ok((await service.UpdateAsync(actor.Current, id, new LocalUserChange(body!.DisplayName, body.Groups), ct)).ToView()));
        }).WithName("UpdateUser").JsonBody<ChangeUserRequest>().Produces<LocalUserView>().ProducesValidationProblem().ProducesProblems(404, 409);

        api.MapPost(Route + "/{id}/disable", async (string id, LocalUserService service, RequestAuditActor actor, CancellationToken ct) =>
            await Answer(async () => TypedResults.Ok((await service.SetDisabledAsync(actor.Current, id, disabled: true, ct)).ToView())))
            .WithName("DisableUser").Produces<LocalUserView>().ProducesProblems(404, 409);

        api.MapPost(Route + "/{id}/enable", async (string id, LocalUserService service, RequestAuditActor actor, CancellationToken ct) =>
            await Answer(async () => TypedResults.Ok((await service.SetDisabledAsync(actor.Current, id, disabled: false, ct)).ToView())))
            .WithName("EnableUser").Produces<LocalUserView>().ProducesProblems(404, 409);

        api.MapPost(Route + "/{id}/unlock", async (string id, LocalUserService service, RequestAuditActor actor, CancellationToken ct) =>
            await Answer(async () => TypedResults.Ok((await service.UnlockAsync(actor.Current, id, ct)).ToView())))
            .WithName("UnlockUser").Produces<LocalUserView>().ProducesProblems(404, 409);

        api.MapPost(Route + "/{id}/reset-password", async (string id, LocalUserService service, RequestAuditActor actor, CancellationToken ct) =>
            await Answer(async () => TypedResults.Ok((await service.ResetPasswordAsync(actor.Current, id, ct)).ToView())))
            .WithName("ResetUserPassword").Produces<LocalUserPasswordView>().ProducesProblems(404, 409);
    }

    private static async Task<IResult> Answer(Func<Task<IResult>> action)
    {
        try
        {
            return await action();
        }
        catch (LocalUserException error)
        {
            return error.Error switch
            {
                LocalUserError.Invalid => Problems.Validation(error.Errors, error.Message),
                LocalUserError.NotFound => Problems.NotFound(error.Message),
                LocalUserError.Exists => Results.Problem(title: "The user name is taken.", detail: error.Message, statusCode: StatusCodes.Status409Conflict),
                _ => Results.Problem(title: "Not possible as things stand.", detail: error.Message, statusCode: StatusCodes.Status409Conflict),
            };
        }
    }
}
