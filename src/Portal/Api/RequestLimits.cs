using Microsoft.Extensions.Options;
using PortalRelease.Portal.Configuration;

namespace PortalRelease.Portal.Api;

/// <summary>
/// Bounds the body of every API request by <c>Portal:Limits</c>: a declared length over the limit is refused before a
/// byte is read, and a chunked body stops being read at the limit (the exception handler answers 413 either way).
/// Kestrel's own, larger limit stays in force as the last line.
/// </summary>
internal static class RequestLimits
{
    private const string LimitItem = "portal.body-limit";

    public static IApplicationBuilder UseApiBodyLimits(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        if (!request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }
        var limits = context.RequestServices.GetRequiredService<IOptions<PortalOptions>>().Value.Limits;
        var limit = IsTemplateImport(request) ? limits.TemplateBytes : limits.RequestBodyBytes;
        context.Items[LimitItem] = limit;
        if (request.ContentLength > limit)
        {
            throw new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge);
        }
        request.Body = new LimitedReadStream(request.Body, limit);
        await next(context);
    });

    /// <summary>The 413 answer's detail: the limit and the setting that sets it.</summary>
    public static string TooLargeDetail(HttpRequest request)
    {
        if (request.HttpContext.Items[LimitItem] is not long limit)
        {
            return "The request body is larger than the server accepts.";
        }
        var key = IsTemplateImport(request) ? nameof(LimitsOptions.TemplateBytes) : nameof(LimitsOptions.RequestBodyBytes);
        var declared = request.ContentLength is { } length ? $" ({length} bytes)" : "";
        return $"The request body{declared} is larger than {limit} bytes, the most this route accepts ({LimitsOptions.Section}:{key}); nothing was saved.";
    }

    private static bool IsTemplateImport(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) && request.Path.Equals("/api/templates", StringComparison.OrdinalIgnoreCase);
}
