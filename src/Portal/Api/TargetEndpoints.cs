using PortalRelease.Contracts;
using PortalRelease.Portal.Api.OpenApi;
using PortalRelease.Portal.Input;
using PortalRelease.Portal.Targets;

namespace PortalRelease.Portal.Api;

public static class TargetEndpoints
{
    public static void MapTargetEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/targets", async (TargetService targets, CancellationToken ct) => Results.Ok(await targets.ListAsync(ct)))
            .WithName("ListTargets").Produces<IReadOnlyList<TargetView>>();

        api.MapGet("/targets/{name}", async (string name, TargetService targets, CancellationToken ct) =>
            await targets.GetAsync(name, ct) is { } target ? Results.Ok(target) : Problems.NotFound($"There is no target named '{Excerpt.Of(name)}'."))
            .WithName("GetTarget").Produces<TargetView>().ProducesProblems(404);

        api.MapPost("/targets", async (HttpRequest request, TargetService targets, RequestAuditActor actor, CancellationToken ct) =>
        {
            var (body, problem) = await ApiJson.ReadAsync<TargetRequest>(request, ct);
            return problem ?? ToResult(await targets.CreateAsync(Input(body!), actor.Current, ct), created: true);
        }).WithName("CreateTarget").JsonBody<TargetRequest>().Produces<TargetView>(StatusCodes.Status201Created)
            .Produces<TargetProblem>(StatusCodes.Status400BadRequest, "application/problem+json").ProducesProblems(409);

        api.MapPut("/targets/{name}", async (string name, HttpRequest request, TargetService targets, RequestAuditActor actor, CancellationToken ct) =>
        {
            var (body, problem) = await ApiJson.ReadAsync<TargetRequest>(request, ct);
            return problem ?? ToResult(await targets.UpdateAsync(name, Input(body!), actor.Current, ct), created: false);
        }).WithName("UpdateTarget").JsonBody<TargetRequest>().Produces<TargetView>()
            .Produces<TargetProblem>(StatusCodes.Status400BadRequest, "application/problem+json").ProducesProblems(404, 409);

        api.MapDelete("/targets/{name}", async (string name, TargetService targets, RequestAuditActor actor, CancellationToken ct) =>
            ToResult(await targets.DeleteAsync(name, actor.Current, ct), created: false))
            .WithName("DeleteTarget").Produces(StatusCodes.Status204NoContent).ProducesProblems(404, 409);

        api.MapPost("/targets/{name}/test", async (string name, TargetService targets, RequestAuditActor actor, CancellationToken ct) =>
            await targets.TestAsync(name, actor.Current, ct) is { } result ? Results.Ok(result) : Problems.NotFound($"There is no target named '{Excerpt.Of(name)}'."))
            .WithName("TestTarget").Produces<TargetTestResultView>().ProducesProblems(404);
    }

    private static TargetInput Input(TargetRequest body) => new(body.Name, body.Kind, body.Settings, body.Secrets) { Environment = body.Environment, Team = body.Team };

    private static IResult ToResult(TargetChange change, bool created) => change.Outcome switch
    {
        TargetOutcome.Ok when change.Target is null => Results.NoContent(),
        TargetOutcome.Ok when created => Results.Created($"/api/targets/{change.Target!.Name}", change.Target),
        TargetOutcome.Ok => Results.Ok(change.Target),
        TargetOutcome.NotFound => Problems.NotFound(change.Message!),
        TargetOutcome.Conflict => Results.Problem(title: "The target is in use.", detail: change.Message, statusCode: StatusCodes.Status409Conflict),
        _ => Problems.BadRequest(
            $"The target has {change.Errors.Count} error{(change.Errors.Count == 1 ? "" : "s")}; nothing was saved. First: {change.Errors[0]}",
            new Dictionary<string, object?> { ["errors"] = change.Errors.Select(e => new TargetErrorView(e.Path, e.Message)).ToList() }),
    };
}
