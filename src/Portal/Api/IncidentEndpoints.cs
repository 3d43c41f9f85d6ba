using System.Text.Json;
using Microsoft.Extensions.Options;
using PortalRelease.Contracts;
using PortalRelease.Portal.Api.OpenApi;
using PortalRelease.Portal.Configuration;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Incidents;

namespace PortalRelease.Portal.Api;

public static class IncidentEndpoints
{
    public static void MapIncidentEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapPost("/webhooks/alertmanager", ReceiveAsync)
            .WithName("ReceiveAlertmanagerWebhook").JsonBody<JsonElement>().Produces<IncidentOutcomeView>().ProducesValidationProblem().ProducesProblems(400);

        api.MapGet("/incidents", async (IncidentRepository incidents, CancellationToken ct) =>
            Results.Ok((await incidents.ListAsync(500, ct)).Select(i => i.ToView())))
            .WithName("ListIncidents").Produces<IReadOnlyList<IncidentView>>();
    }

    private static async Task<IResult> ReceiveAsync(HttpRequest request, IncidentService incidents, RequestAuditActor actor, IOptions<PortalOptions> options, CancellationToken ct)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, default, ct);
        }
        catch (JsonException error)
        {
            var position = error.LineNumber is { } line ? $" at line {line + 1}, position {(error.BytePositionInLine ?? 0) + 1}" : "";
            return Problems.BadRequest($"The body is not valid JSON{position}; Alertmanager's webhook payload (version 4) was expected.");
        }
        using (document)
        {
            var (outcome, errors) = await incidents.ReceiveAsync(document.RootElement, options.Value.Limits, actor.Current, ct);
            if (outcome is null)
            {
                return Problems.Validation(
                    errors.ToDictionary(e => e.Key, e => e.Value),
                    // The first problem in words, the rest by count: a payload of a thousand bad alerts gets a short answer.
                    $"The alert was not accepted (nothing was recorded): {errors.First().Key}: {errors.First().Value[0]}"
                    + (errors.Count > 1 ? $" ({errors.Count - 1} more in 'errors')" : ""));
            }
            return Results.Ok(outcome.ToView());
        }
    }
}
