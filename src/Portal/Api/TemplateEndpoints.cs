using PortalRelease.Portal.Data;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Api;

public static class TemplateEndpoints
{
    public static void MapTemplateEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/templates", async (TemplateRepository templates, CancellationToken ct) =>
            Results.Ok((await templates.ListLatestAsync(ct)).Select(t => TemplateDto.From(t))));

        api.MapGet("/templates/{name}", async (string name, TemplateRepository templates, CancellationToken ct) =>
            await templates.GetLatestAsync(name, ct) is { } t
                ? Results.Ok(TemplateDto.From(t, withYaml: true))
                : Problems.NotFound($"There is no template named '{name}'."));

        // The body is the template's YAML text, whatever content type the client sends.
        api.MapPost("/templates", async (HttpRequest request, TemplateService service, CurrentActor actor, CancellationToken ct) =>
        {
            string yaml;
            using (var reader = new StreamReader(request.Body))
            {
                yaml = await reader.ReadToEndAsync(ct);
            }
            if (yaml.Length > TemplateParser.MaxLength)
            {
                return Problems.BadRequest($"The template is {yaml.Length} characters long; at most {TemplateParser.MaxLength} are accepted.");
            }
            var result = await service.ImportAsync(yaml, actor.Name, ct);
            if (result.Record is not { } record)
            {
                var errors = result.Errors.Select(e => new { line = e.Line, column = e.Column, path = e.Path, message = e.Message }).ToList();
                return Problems.BadRequest(
                    $"The template has {errors.Count} error{(errors.Count == 1 ? "" : "s")}; nothing was saved. First: {result.Errors[0]}",
                    new Dictionary<string, object?> { ["errors"] = errors });
            }
            var dto = TemplateDto.From(record);
            return result.Created
                ? Results.Created($"/api/templates/{record.Name}", dto)
                : Results.Ok(dto);
        }).Accepts<string>("application/yaml", "text/yaml", "text/plain");
    }
}
