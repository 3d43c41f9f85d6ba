using System.Text.Json;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Incidents;

namespace PortalRelease.Portal.Api;

public static class IncidentEndpoints
{
    public static void MapIncidentEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapPost("/webhooks/alertmanager", ReceiveAsync);

        api.MapGet("/incidents", async (IncidentRepository incidents, CancellationToken ct) =>
            Results.Ok((await incidents.ListAsync(500, ct)).Select(IncidentDto.From)));
    }

    private static async Task<IResult> ReceiveAsync(HttpRequest request, IncidentService incidents, CancellationToken ct)
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
            var (payload, errors) = AlertmanagerReader.Read(document.RootElement);
            if (payload is null)
            {
                return Problems.Validation(
                    errors.ToDictionary(e => e.Key, e => e.Value),
                    "The alert was not accepted (nothing was recorded): " + string.Join(" ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
            }
            var outcome = await incidents.ReceiveAsync(payload, ct);
            return Results.Ok(new { incidents = outcome.Incidents.Select(IncidentDto.From) });
        }
    }
}

/// <summary>One stored alert as the API returns it.</summary>
public sealed record IncidentDto(
    long Id,
    DateTimeOffset ReceivedAt,
    string Fingerprint,
    string Status,
    string? Service,
    string? AlertName,
    string GroupKey,
    string Receiver,
    DateTimeOffset StartsAt,
    DateTimeOffset? EndsAt,
    string? GeneratorUrl,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations,
    IReadOnlyList<string> Releases)
{
    public static IncidentDto From(IncidentRecord r) => new(
        r.Id, r.ReceivedAt, r.Fingerprint, r.Status, r.Service, r.AlertName, r.GroupKey, r.Receiver, r.StartsAt, r.EndsAt, r.GeneratorUrl, r.Labels, r.Annotations, r.Releases);
}
