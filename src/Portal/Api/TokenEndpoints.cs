using PortalRelease.Contracts;
using PortalRelease.Portal.Api.OpenApi;
using PortalRelease.Portal.Identity;
using PortalRelease.Portal.Identity.Tokens;

namespace PortalRelease.Portal.Api;

/// <summary>The caller's own API tokens: list, create (value shown once, optionally scoped), revoke.</summary>
public static class TokenEndpoints
{
    private const int DefaultDays = 90;

    public static void MapTokenEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/tokens", async (CurrentActor actor, ApiTokenService tokens, CancellationToken ct) =>
            TypedResults.Ok((await tokens.ListAsync(actor.User, ct)).Select(t => t.ToView()).ToList()))
            .WithName("ListTokens").Produces<IReadOnlyList<ApiTokenView>>();

        api.MapPost("/tokens", CreateAsync)
            .WithName("CreateToken").JsonBody<CreateTokenRequest>().Produces<CreatedApiTokenView>(StatusCodes.Status201Created).ProducesValidationProblem();

        api.MapDelete("/tokens/{id}", async (string id, HttpContext http, CurrentActor actor, ApiTokenService tokens, CancellationToken ct) =>
            await tokens.RevokeAsync(actor.User, id, http.Connection.RemoteIpAddress?.ToString(), ct)
                ? Results.NoContent()
                : Problems.NotFound($"You have no live API token '{Input.Excerpt.Of(id)}'."))
            .WithName("RevokeToken").Produces(StatusCodes.Status204NoContent).ProducesProblems(404);
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, CurrentActor actor, ApiTokenService tokens, CancellationToken ct)
    {
        // A token that could mint tokens would outlive its own revocation: new tokens need a person signed in.
        if (actor.User.Method.StartsWith("token:", StringComparison.Ordinal))
        {
            return Results.Problem(
                title: "Forbidden.", statusCode: StatusCodes.Status403Forbidden,
                detail: "An API token cannot create API tokens; create one on the portal's API tokens page while signed in.");
        }
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
        try
        {
            var scope = ApiTokenScope.Parse(body.Role, body.Environments, body.Services, body.Teams);
            var created = await tokens.CreateAsync(actor.User, body.Name, TimeSpan.FromDays(days), scope, request.HttpContext.Connection.RemoteIpAddress?.ToString(), ct);
            return TypedResults.Created($"/api/tokens/{created.Token.Id}", created.ToView());
        }
        catch (ApiTokenException error)
        {
            return Problems.Validation(new Dictionary<string, string[]> { [error.Field] = [error.Message] }, error.Message);
        }
    }
}
