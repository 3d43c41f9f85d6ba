using System.Text;
using Microsoft.Extensions.Options;
using PortalRelease.Contracts;
using PortalRelease.Portal.Api.OpenApi;
using PortalRelease.Portal.Configuration;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Identity;
using PortalRelease.Portal.Input;
using PortalRelease.Portal.Ownership;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Api;

public static class TemplateEndpoints
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static void MapTemplateEndpoints(this IEndpointRouteBuilder api)
    {
        api.MapGet("/templates", async (TemplateRepository templates, TemplateOwners owners, CancellationToken ct) =>
        {
            var list = new List<TemplateView>();
            foreach (var template in await templates.ListLatestAsync(ct))
            {
                list.Add(View(template, await owners.OfAsync(template, ct)));
            }
            return Results.Ok(list);
        }).WithName("ListTemplates").Produces<IReadOnlyList<TemplateView>>();

        api.MapGet("/templates/{name}", async (string name, TemplateRepository templates, TemplateOwners owners, CancellationToken ct) =>
            await templates.GetLatestAsync(name, ct) is { } t
                ? Results.Ok(View(t, await owners.OfAsync(t, ct), withYaml: true))
                : Problems.NotFound($"There is no template named '{Excerpt.Of(name)}'."))
            .WithName("GetTemplate").Produces<TemplateView>().ProducesProblems(404);

        // The body is the template's YAML text, whatever content type the client sends.
        api.MapPost("/templates", async (HttpRequest request, TemplateService service, TemplateOwners owners, RequestAuditActor actor, IOptions<PortalOptions> options, CancellationToken ct) =>
        {
            string yaml;
            try
            {
                // Strict: a lenient reader would turn bad bytes into U+FFFD and save a template nobody wrote.
                using var reader = new StreamReader(request.Body, StrictUtf8);
                yaml = await reader.ReadToEndAsync(ct);
            }
            catch (DecoderFallbackException)
            {
                return Problems.BadRequest("The template is not valid UTF-8 text: save it as UTF-8; nothing was saved.");
            }
            var limit = options.Value.Limits.TemplateBytes;
            if (yaml.Length > limit)
            {
                return Problems.BadRequest($"The template is {yaml.Length} characters long; at most {limit} are accepted ({LimitsOptions.Section}:{nameof(LimitsOptions.TemplateBytes)}).");
            }
            var result = await service.ImportAsync(yaml, actor.Current, ct);
            if (result.Record is not { } record)
            {
                var errors = result.Errors.Select(e => new TemplateErrorView(e.Line, e.Column, e.Path, e.Message)).ToList();
                return Problems.BadRequest(
                    $"The template has {errors.Count} error{(errors.Count == 1 ? "" : "s")}; nothing was saved. First: {result.Errors[0]}",
                    new Dictionary<string, object?> { ["errors"] = errors });
            }
            var dto = View(record, await owners.OfAsync(record, ct));
            return result.Created
                ? Results.Created($"/api/templates/{record.Name}", dto)
                : Results.Ok(dto);
        }).Accepts<string>("application/yaml", "text/yaml", "application/x-yaml")
            .WithName("ImportTemplate").Produces<TemplateView>(StatusCodes.Status201Created).Produces<TemplateView>()
            .Produces<TemplateProblem>(StatusCodes.Status400BadRequest, "application/problem+json").ProducesProblems(413, 415);
    }

    /// <summary>A template as listed: its <c>service</c> is what it ships and <c>team</c> its owner in the service catalog (null when unregistered).</summary>
    private static TemplateView View(TemplateRecord r, TemplateOwner? owner, bool withYaml = false) =>
        new(r.Name, r.Version, r.Description, r.CreatedAt, r.CreatedBy, withYaml ? r.Yaml : null, owner?.Service, owner?.Team);
}
