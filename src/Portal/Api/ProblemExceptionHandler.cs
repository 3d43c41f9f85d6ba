using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;

namespace PortalRelease.Portal.Api;

/// <summary>
/// Answers every exception that escapes an endpoint with <c>application/problem+json</c>, written in place: a request
/// the server refused to read (a body over the limit, a malformed request) gets its own 4xx, bytes that are not UTF-8
/// a 400, anything else a 500 that carries only a trace id. Never a stack trace, never the exception's message, which
/// may quote the input or a secret; the log has the rest under the same trace id.
/// </summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var traceId = Activity.Current?.Id ?? context.TraceIdentifier;
        var (status, title, detail) = Describe(exception, context.Request);
        if (status >= StatusCodes.Status500InternalServerError)
        {
            logger.LogError(exception, "Unhandled exception on {Method} {Path} (trace {TraceId})", context.Request.Method, context.Request.Path, traceId);
        }
        else
        {
            logger.LogInformation("Refused {Method} {Path} with {Status}: {Reason} (trace {TraceId})", context.Request.Method, context.Request.Path, status, detail, traceId);
        }
        if (context.Response.HasStarted)
        {
            return false;
        }
        context.Response.Clear();
        context.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = null,
            ProblemDetails =
            {
                Status = status,
                Title = title,
                Detail = detail,
                Extensions = { ["traceId"] = traceId },
            },
        });
    }

    private static (int Status, string Title, string Detail) Describe(Exception exception, HttpRequest request) => exception switch
    {
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => (
            StatusCodes.Status413PayloadTooLarge,
            "The request body is too large.",
            RequestLimits.TooLargeDetail(request)),
        BadHttpRequestException { StatusCode: >= 400 and < 500 } bad => (
            bad.StatusCode,
            "The request could not be read.",
            $"The request could not be read ({bad.StatusCode}); check its headers, length and encoding."),
        // The services' access check: the reason names what was needed and where, nothing secret.
        Identity.Access.AccessDeniedException denied => (
            StatusCodes.Status403Forbidden,
            "Forbidden.",
            denied.Message),
        _ when ApiJson.IsUnreadableText(exception) => (
            StatusCodes.Status400BadRequest,
            "The request is not valid.",
            "The body is not valid UTF-8: send text encoded as UTF-8."),
        _ => (
            StatusCodes.Status500InternalServerError,
            "An unexpected error occurred.",
            "The portal could not complete the request. The portal's log has the cause under this trace id."),
    };
}
