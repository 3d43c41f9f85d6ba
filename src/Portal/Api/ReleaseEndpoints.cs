using System.Globalization;
using System.Text.Json;
using PortalRelease.Contracts;
using PortalRelease.Portal.Api.OpenApi;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Identity;
using PortalRelease.Portal.Input;
using PortalRelease.Portal.Live;
using PortalRelease.Portal.Releases;

namespace PortalRelease.Portal.Api;

public static class ReleaseEndpoints
{
    public static void MapReleaseEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapPost("/releases", CreateAsync)
            .WithName("CreateRelease").JsonBody<CreateReleaseRequest>().Produces<CreateReleaseResponse>(StatusCodes.Status201Created)
            .ProducesValidationProblem().ProducesProblems(409)
            .Header(IdempotencyHeader.Name, "Makes a retry safe: the same key and request answer the first release (201) instead of starting another; the key with another request is 409.");

        api.MapGet("/releases", async (ReleaseService releases, RequestAuditActor actor, CancellationToken ct) =>
            Results.Ok((await releases.ListForAsync(actor.Current, 200, ct)).Select(r => r.Record.ToView(r.View))))
            .WithName("ListReleases").Produces<IReadOnlyList<Contracts.ReleaseView>>();

        api.MapGet("/releases/{id}", async (string id, ReleaseService releases, RequestAuditActor actor, CancellationToken ct) =>
            await releases.GetForAsync(id, actor.Current, ct) is { } d
                ? Results.Ok(d.Record.ToView(d.View, d.Plan))
                : Problems.NotFound($"There is no release '{Excerpt.Of(id)}'."))
            .WithName("GetRelease").Produces<Contracts.ReleaseView>().ProducesProblems(404);

        api.MapGet("/releases/{id}/events", EventsAsync)
            .WithName("ListReleaseEvents").Produces<IReadOnlyList<ReleaseEvent>>().ProducesProblems(400, 404);

        foreach (var command in Enum.GetValues<ReleaseCommand>())
        {
            api.MapPost($"/releases/{{id}}/{command.ToString().ToLowerInvariant()}",
                (string id, HttpRequest request, ReleaseService releases, RequestAuditActor actor, CancellationToken ct) =>
                    ExecuteAsync(id, command, request, releases, actor, ct))
                .WithName($"{command}Release").JsonBody<ReleaseCommandRequest>(optional: true)
                .Produces<ReleaseCommandResponse>(StatusCodes.Status202Accepted).ProducesProblems(400, 404, 409);
        }
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, ReleaseService releases, Gates.GatePreview gates, RequestAuditActor actor, CancellationToken ct)
    {
        var (key, keyProblem) = IdempotencyHeader.Read(request);
        if (keyProblem is not null)
        {
            return keyProblem;
        }
        var (body, problem) = await ApiJson.ReadAsync<CreateReleaseBody>(request, ct);
        if (problem is not null)
        {
            return problem;
        }
        var result = await releases.CreateAsync(
            new NewRelease(body!.Template ?? "", body.Version ?? "", body.Parameters ?? new Dictionary<string, JsonElement>(), body.Metadata), actor.Current, key, ct);
        if (result.KeyConflict is { } reused)
        {
            return Problems.KeyReused(reused);
        }
        if (result is { Id: { } id, Plan: { } plan, TemplateName: { } templateName })
        {
            // Created all the same: a release held by a gate waits visibly and may be overridden; the answer says so now.
            var waitsFor = await gates.PreviewAsync(plan, templateName, ct);
            if (result.Replayed)
            {
                // The first answer again (201, same Location and id); waitsFor says what the release waits for now.
                request.HttpContext.Response.Headers[IdempotencyHeader.Replayed] = "true";
            }
            return Results.Created($"/api/releases/{id}", new CreateReleaseResponse(id, waitsFor.Select(w => new GateWait(w.Gate, w.Stage, w.Reason, w.OpensAt)).ToList()));
        }
        return Problems.Validation(result.Errors, "The release was not created: " + string.Join(" ", result.Errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
    }

    private static async Task<IResult> EventsAsync(string id, string? after, ReleaseService releases, JournalRepository journal, RequestAuditActor actor, CancellationToken ct)
    {
        long afterSeq = 0;
        if (after is not null && (!long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out afterSeq)))
        {
            return Problems.BadRequest($"'after' must be a non-negative whole number (a sequence number); got '{Excerpt.Of(after)}'.");
        }
        if (await releases.GetForAsync(id, actor.Current, ct) is null)
        {
            return Problems.NotFound($"There is no release '{Excerpt.Of(id)}'.");
        }
        var events = await journal.ReadAsync(id, afterSeq, ct);
        return Results.Ok(events.Select(e => e.ToContract()));
    }

    private static async Task<IResult> ExecuteAsync(string id, ReleaseCommand command, HttpRequest request, ReleaseService releases, RequestAuditActor actor, CancellationToken ct)
    {
        string? reason = null;
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            var (body, problem) = await ApiJson.ReadAsync<ReleaseCommandRequest>(request, ct);
            if (problem is not null)
            {
                return problem;
            }
            reason = body!.Reason;
        }
        var result = await releases.ExecuteAsync(id, command, actor.Current, reason, ct);
        return result.Status switch
        {
            CommandStatus.NotFound => Problems.NotFound(result.Message!),
            CommandStatus.Conflict => Problems.Conflict(result.Message!),
            CommandStatus.Invalid => Problems.BadRequest(result.Message!),
            _ => Results.Accepted($"/api/releases/{id}", new ReleaseCommandResponse(id, command.ToString().ToLowerInvariant(), result.SeqBefore ?? result.View!.LastSeq)),
        };
    }
}
