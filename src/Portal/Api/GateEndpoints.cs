using PortalRelease.Contracts;
using PortalRelease.Portal.Api.OpenApi;
using PortalRelease.Portal.Gates;
using PortalRelease.Portal.Identity;
using PortalRelease.Portal.Input;
using PortalRelease.Portal.Releases;

namespace PortalRelease.Portal.Api;

/// <summary>Approvals, gate overrides and version quarantine.</summary>
public static class GateEndpoints
{
    public static void MapGateEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapPost("/releases/{id}/approve", (string id, HttpRequest request, ReleaseService releases, RequestAuditActor actor, CancellationToken ct) =>
            AnswerAsync(id, approve: true, request, releases, actor, ct))
            .WithName("ApproveRelease").JsonBody<ApprovalRequest>(optional: true).Produces<ReleaseCommandResponse>(StatusCodes.Status202Accepted).ProducesProblems(400, 404, 409);
        api.MapPost("/releases/{id}/reject", (string id, HttpRequest request, ReleaseService releases, RequestAuditActor actor, CancellationToken ct) =>
            AnswerAsync(id, approve: false, request, releases, actor, ct))
            .WithName("RejectRelease").JsonBody<ApprovalRequest>(optional: true).Produces<ReleaseCommandResponse>(StatusCodes.Status202Accepted).ProducesProblems(400, 404, 409);
        api.MapPost("/releases/{id}/override", OverrideAsync)
            .WithName("OverrideReleaseGate").JsonBody<OverrideRequest>().Produces<ReleaseCommandResponse>(StatusCodes.Status202Accepted).ProducesProblems(400, 404, 409);
        api.MapGet("/releases/{id}/gates", async (string id, ReleaseService releases, RequestAuditActor actor, CancellationToken ct) =>
            await releases.GetForAsync(id, actor.Current, ct) is { } details
                ? Results.Ok(details.View.ToGatesView())
                : Problems.NotFound($"There is no release '{Excerpt.Of(id)}'."))
            .WithName("GetReleaseGates").Produces<ReleaseGatesView>().ProducesProblems(404);
        api.MapGet("/approvals", async (ReleaseService releases, RequestAuditActor actor, CancellationToken ct) =>
            Results.Ok((await releases.ListApprovalsForAsync(actor.Current, ct)).Select(p => p.ToView())))
            .WithName("ListPendingApprovals").Produces<IReadOnlyList<PendingApprovalView>>();

        api.MapGet("/quarantine", async (QuarantineService quarantine, CancellationToken ct) =>
            Results.Ok((await quarantine.ListAsync(ct)).Select(q => q.ToView())))
            .WithName("ListQuarantine").Produces<IReadOnlyList<QuarantineView>>();
        api.MapGet("/quarantine/history", async (QuarantineService quarantine, CancellationToken ct) =>
            Results.Ok((await quarantine.HistoryAsync(ct)).Select(q => q.ToView())))
            .WithName("ListQuarantineHistory").Produces<IReadOnlyList<QuarantineView>>();
        api.MapPost("/quarantine", QuarantineAsync)
            .WithName("QuarantineVersion").JsonBody<QuarantineRequest>().Produces<QuarantineView>(StatusCodes.Status201Created).ProducesProblems(400, 404, 409);
        api.MapPost("/quarantine/{service}/{version}/lift", LiftAsync)
            .WithName("LiftQuarantine").JsonBody<LiftQuarantineRequest>().Produces<QuarantineView>(StatusCodes.Status201Created).ProducesProblems(400, 404, 409);
    }

    private static async Task<IResult> AnswerAsync(string id, bool approve, HttpRequest request, ReleaseService releases, RequestAuditActor actor, CancellationToken ct)
    {
        string? comment = null;
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            var (body, problem) = await ApiJson.ReadAsync<ApprovalRequest>(request, ct);
            if (problem is not null)
            {
                return problem;
            }
            comment = body!.Comment;
        }
        var result = approve
            ? await releases.ApproveAsync(id, actor.Current, comment, ct)
            : await releases.RejectAsync(id, actor.Current, comment, ct);
        return ToResult(id, result, approve ? "approve" : "reject");
    }

    private static async Task<IResult> OverrideAsync(string id, HttpRequest request, ReleaseService releases, RequestAuditActor actor, CancellationToken ct)
    {
        var (body, problem) = await ApiJson.ReadAsync<OverrideRequest>(request, ct);
        if ((problem ?? CommentLimit.CheckName(body!.Gate, "gate")) is { } refused)
        {
            return refused;
        }
        return ToResult(id, await releases.OverrideAsync(id, actor.Current, body!.Gate, body.Reason, ct), "override");
    }

    private static IResult ToResult(string id, GateResult result, string command) => result.Status switch
    {
        GateStatus.NotFound => Problems.NotFound(result.Message!),
        GateStatus.Invalid => Problems.BadRequest(result.Message!),
        GateStatus.Forbidden => Results.Problem(title: "Not allowed for this user.", detail: result.Message, statusCode: StatusCodes.Status403Forbidden),
        GateStatus.Conflict => Problems.Conflict(result.Message!),
        _ => Results.Accepted($"/api/releases/{id}", new ReleaseCommandResponse(id, command, result.SeqBefore ?? result.View!.LastSeq)),
    };

    private static async Task<IResult> QuarantineAsync(HttpRequest request, QuarantineService quarantine, RequestAuditActor actor, CancellationToken ct)
    {
        var (body, problem) = await ApiJson.ReadAsync<QuarantineRequest>(request, ct);
        if ((problem ?? CommentLimit.CheckName(body!.Service, "service")) is { } refused)
        {
            return refused;
        }
        return ToResult(await quarantine.QuarantineAsync(body!.Service, body.Version, body.Reason, actor.Current, ct));
    }

    private static async Task<IResult> LiftAsync(string service, string version, HttpRequest request, QuarantineService quarantine, RequestAuditActor actor, CancellationToken ct)
    {
        var (body, problem) = await ApiJson.ReadAsync<LiftQuarantineRequest>(request, ct);
        if ((problem ?? CommentLimit.CheckName(service, "service")) is { } refused)
        {
            return refused;
        }
        return ToResult(await quarantine.LiftAsync(service, version, body!.Reason, actor.Current, ct));
    }

    private static IResult ToResult(QuarantineResult result) => result.Status switch
    {
        QuarantineStatus.Invalid => Problems.BadRequest(result.Message!),
        QuarantineStatus.NotFound => Problems.NotFound(result.Message!),
        QuarantineStatus.Conflict => Results.Problem(title: "Already quarantined.", detail: result.Message, statusCode: StatusCodes.Status409Conflict),
        _ => Results.Created("/api/quarantine", result.Record!.ToView()),
    };
}
