using PortalRelease.Contracts;
using PortalRelease.Portal.Api.OpenApi;
using PortalRelease.Portal.Identity.ServiceAccounts;
using PortalRelease.Portal.Identity.Tokens;

namespace PortalRelease.Portal.Api;

/// <summary>Service accounts: list, create, disable (revoking their tokens), and their tokens (value shown once).</summary>
public static class ServiceAccountEndpoints
{
    private const int DefaultDays = 90;

    public static void MapServiceAccountEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/service-accounts", async (ServiceAccountService accounts, RequestAuditActor actor, CancellationToken ct) =>
            TypedResults.Ok((await accounts.ListAsync(actor.Current, ct)).Select(a => a.ToView()).ToList()))
            .WithName("ListServiceAccounts").Produces<IReadOnlyList<ServiceAccountView>>();

        api.MapPost("/service-accounts", async (HttpRequest request, ServiceAccountService accounts, RequestAuditActor actor, CancellationToken ct) =>
        {
            var (body, problem) = await ApiJson.ReadAsync<CreateServiceAccountRequest>(request, ct);
            if (problem is not null)
            {
                return problem;
            }
            return await Answer(async () =>
            {
                var created = await accounts.CreateAsync(actor.Current, body!.Name, body.DisplayName, body.Description, ct);
                return TypedResults.Created($"/api/service-accounts/{created.Name}", created.ToView());
            });
        }).WithName("CreateServiceAccount").JsonBody<CreateServiceAccountRequest>().Produces<ServiceAccountView>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblems(409);

        api.MapDelete("/service-accounts/{name}", async (string name, ServiceAccountService accounts, RequestAuditActor actor, CancellationToken ct) =>
            await accounts.DisableAsync(actor.Current, name, ct)
                ? Results.NoContent()
                : Problems.NotFound($"There is no service account '{Input.Excerpt.Of(name)}'."))
            .WithName("DisableServiceAccount").Produces(StatusCodes.Status204NoContent).ProducesProblems(404);

        api.MapPost("/service-accounts/{name}/tokens", CreateTokenAsync)
            .WithName("CreateServiceAccountToken").JsonBody<CreateTokenRequest>().Produces<CreatedApiTokenView>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblems(404, 409);

        api.MapDelete("/service-accounts/{name}/tokens/{id}", async (string name, string id, ServiceAccountService accounts, RequestAuditActor actor, CancellationToken ct) =>
            await Answer(async () => await accounts.RevokeTokenAsync(actor.Current, name, id, ct)
                ? Results.NoContent()
                : Problems.NotFound($"The service account '{name}' has no live API token '{Input.Excerpt.Of(id)}'.")))
            .WithName("RevokeServiceAccountToken").Produces(StatusCodes.Status204NoContent).ProducesProblems(404, 409);
    }

    private static async Task<IResult> CreateTokenAsync(
        string name, HttpRequest request, ServiceAccountService accounts, RequestAuditActor actor, CancellationToken ct)
    {
        var (body, problem) = await ApiJson.ReadAsync<CreateTokenRequest>(request, ct);
        if (problem is not null)
        {
            return problem;
        }
        var days = body!.ExpiresInDays ?? DefaultDays;
        if (days is < 1 or > 366)
        {
            return Problems.Validation(
                new Dictionary<string, string[]> { ["expiresInDays"] = ["A token lives 1 to 366 days."] }, $"expiresInDays must be 1 to 366 (was {days}).");
        }
        return await Answer(async () =>
        {
            var scope = ApiTokenScope.Parse(body.Role, body.Environments, body.Services, body.Teams);
            var created = await accounts.CreateTokenAsync(actor.Current, name, body.Name, TimeSpan.FromDays(days), scope, ct);
            return TypedResults.Created($"/api/service-accounts/{name}/tokens/{created.Token.Id}", created.ToView());
        });
    }

    private static async Task<IResult> Answer(Func<Task<IResult>> action)
    {
        try
        {
            return await action();
        }
        catch (ApiTokenException error)
        {
            return Problems.Validation(new Dictionary<string, string[]> { [error.Field] = [error.Message] }, error.Message);
        }
        catch (ServiceAccountException error)
        {
            return error.Error switch
            {
                ServiceAccountError.NotFound => Problems.NotFound(error.Message),
                ServiceAccountError.Exists => Results.Problem(title: "The name is taken.", detail: error.Message, statusCode: StatusCodes.Status409Conflict),
                ServiceAccountError.Disabled => Results.Problem(title: "The service account is disabled.", detail: error.Message, statusCode: StatusCodes.Status409Conflict),
                _ => Problems.Validation(new Dictionary<string, string[]> { [error.Field] = [error.Message] }, error.Message),
            };
        }
    }
}
