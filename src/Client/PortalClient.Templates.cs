using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using PortalRelease.Contracts;

namespace PortalRelease.Client;

/// <summary>The answer of <see cref="PortalClient.PushTemplateAsync"/>: the stored version, and whether the push created it (false: the same YAML was stored already).</summary>
public sealed record TemplatePushResult(TemplateView Template, bool Created);

public sealed partial class PortalClient
{
    /// <summary>
    /// The most of a rejected template's answer read: its <c>errors</c> list one entry per problem, and a large template
    /// can have hundreds, far more than the 8 KB any other error is read to.
    /// </summary>
    private const int MaxTemplateErrorBodyChars = 1024 * 1024;

    /// <summary>
    /// <c>POST /api/templates</c>: stores <paramref name="yaml"/> as the next version of the template it names (admins
    /// only). A template the portal refuses throws <see cref="PortalApiException"/>; when it was read and found wrong, its
    /// <see cref="PortalApiException.TemplateErrors"/> say where.
    /// </summary>
    public async Task<TemplatePushResult> PushTemplateAsync(string yaml, CancellationToken cancellationToken = default)
    {
        using var message = Request(HttpMethod.Post, "api/templates");
        message.Content = new StringContent(yaml, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), "application/yaml");
        using var response = await _http.SendAsync(message, cancellationToken);
        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            throw await TemplateRejectedAsync(message, response, cancellationToken);
        }
        if (!response.IsSuccessStatusCode)
        {
            throw await ErrorAsync(message, response, cancellationToken);
        }
        var template = await response.Content.ReadFromJsonAsync<TemplateView>(ContractJson.Options, cancellationToken)
            ?? throw new PortalApiException(response.StatusCode, null, $"POST {message.RequestUri} answered {(int)response.StatusCode} with an empty body.");
        return new TemplatePushResult(template, response.StatusCode == HttpStatusCode.Created);
    }

    /// <summary><c>GET /api/templates</c>: every template's newest version (without its YAML), with its service and team from the catalog.</summary>
    public async Task<IReadOnlyList<TemplateView>> ListTemplatesAsync(CancellationToken cancellationToken = default)
    {
        using var message = Request(HttpMethod.Get, "api/templates");
        return await SendAsync<List<TemplateView>>(message, cancellationToken);
    }

    /// <summary><c>GET /api/templates/{name}</c>: the template's newest version, with its YAML.</summary>
    public async Task<TemplateView> GetTemplateAsync(string name, CancellationToken cancellationToken = default)
    {
        using var message = Request(HttpMethod.Get, $"api/templates/{Uri.EscapeDataString(name)}");
        return await SendAsync<TemplateView>(message, cancellationToken);
    }

    /// <summary>A 400 of a template push: its problem, and the per-line <c>errors</c> when the template was read.</summary>
    private static async Task<PortalApiException> TemplateRejectedAsync(HttpRequestMessage message, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await BoundedBodyAsync(response.Content, MaxTemplateErrorBodyChars, cancellationToken);
        TemplateProblem? rejected = null;
        try
        {
            rejected = body.Length == 0 ? null : JsonSerializer.Deserialize<TemplateProblem>(body, ContractJson.Options);
        }
        catch (JsonException)
        {
            // Not the problem the portal sends (a proxy's page, a cut body): the status and the text still say what happened.
        }
        var problem = rejected is null ? null : new ApiProblem { Type = rejected.Type, Title = rejected.Title, Status = rejected.Status, Detail = rejected.Detail };
        var what = problem?.Detail ?? problem?.Title ?? (body.Length > 0 ? body[..Math.Min(body.Length, 300)] : response.ReasonPhrase);
        return new PortalApiException(response.StatusCode, problem, $"{message.Method} {message.RequestUri}: {(int)response.StatusCode} {what}")
        {
            TemplateErrors = rejected?.Errors?.Where(e => e is not null).ToList() ?? [],
        };
    }
}
