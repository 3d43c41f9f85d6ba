using Microsoft.Extensions.Options;

namespace PortalRelease.Portal.Identity;

/// <summary>
/// Refuses state-changing requests that a browser sends on behalf of another site, before anything reads them: a
/// page on another origin (another host, or another port of this one — browsers call that "same-site") must not
/// make a user's browser act on the portal, whatever credential the browser would attach. Browsers say where a
/// request comes from (<c>Sec-Fetch-Site</c>, <c>Origin</c>); pipelines and scripts send neither and pass. The live
/// feeds (<c>/hubs</c>, the Blazor circuit) are checked on every method, since a WebSocket opens with a GET.
/// Origins beyond the request's own (a portal behind a proxy that rewrites Host) go in <c>Portal:Auth:AllowedOrigins</c>.
/// A state-changing API call with a body must also say it is JSON (YAML for a template import): the content types a
/// form or a "simple" cross-site fetch can send are refused with 415.
/// </summary>
internal static class CrossOriginGuard
{
    public static IApplicationBuilder UseCrossOriginGuard(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        var live = request.Path.StartsWithSegments("/hubs") || request.Path.StartsWithSegments("/_blazor");
        if ((live || !IsSafe(request.Method)) && Refusal(request, context.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value) is { } why)
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await Results.Problem(title: "Cross-origin request refused.", detail: why, statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(context);
            return;
        }
        if (!IsSafe(request.Method) && request.Path.StartsWithSegments("/api") && HasBody(request) && !IsAcceptedBody(request))
        {
            await Results.Problem(
                title: "Unsupported content type.", statusCode: StatusCodes.Status415UnsupportedMediaType,
                detail: $"The body must be application/json{(IsTemplateImport(request) ? " (or application/yaml for a template)" : "")}, "
                    + $"not '{Input.Excerpt.Of(request.ContentType ?? "none")}'.").ExecuteAsync(context);
            return;
        }
        await next(context);
    });

    private static bool HasBody(HttpRequest request) => request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0;

    // A body a form or a plain fetch could send cross-site (text/plain, form encodings) is never what the API reads.
    private static bool IsAcceptedBody(HttpRequest request)
    {
        if (!Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(request.ContentType, out var type))
        {
            return false;
        }
        var media = type.MediaType.Value ?? "";
        return media.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || media.EndsWith("+json", StringComparison.OrdinalIgnoreCase)
            || (IsTemplateImport(request) && (media.Equals("application/yaml", StringComparison.OrdinalIgnoreCase)
                || media.Equals("text/yaml", StringComparison.OrdinalIgnoreCase) || media.Equals("application/x-yaml", StringComparison.OrdinalIgnoreCase)));
    }

    private static bool IsTemplateImport(HttpRequest request) => request.Path.Equals("/api/templates", StringComparison.OrdinalIgnoreCase);

    private static bool IsSafe(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method);

    private static string? Refusal(HttpRequest request, AuthOptions options)
    {
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site is "cross-site" or "same-site")
        {
            return $"The browser says this request comes from another site (Sec-Fetch-Site: {site}); the portal acts only on requests from its own pages or from non-browser clients.";
        }
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return null;
        }
        var own = $"{request.Scheme}://{request.Host.Value}";
        return string.Equals(origin, own, StringComparison.OrdinalIgnoreCase)
            || options.AllowedOrigins.Any(o => string.Equals(o.TrimEnd('/'), origin, StringComparison.OrdinalIgnoreCase))
            ? null
            : $"Origin {Input.Excerpt.Of(origin)} is not this portal ({own}); add it to {AuthOptions.Section}:AllowedOrigins if a proxy serves the portal there.";
    }
}
