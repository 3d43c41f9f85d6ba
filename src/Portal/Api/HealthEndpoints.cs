using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using PortalRelease.Portal.Health;

namespace PortalRelease.Portal.Api;

public static class HealthEndpoints
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>
    /// Maps <c>GET /healthz</c>: 200 when healthy, 503 while a background service is failed and being restarted; the
    /// JSON body names each background service, its state and its last error (an excerpt, masked for secrets).
    /// </summary>
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        // Anonymous: load balancers and orchestrators probe it without credentials.
        app.MapHealthChecks("/healthz", new HealthCheckOptions { ResponseWriter = WriteAsync }).AllowAnonymous();
        return app;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        // Probes are anonymous and get states only; error text (which input from users can shape) is for signed-in people.
        var detailed = context.User.Identity?.IsAuthenticated == true;
        var services = context.RequestServices.GetRequiredService<BackgroundServiceHealth>().Services
            .Select(s => detailed ? s : s with { LastError = null })
            .ToList();
        var body = new HealthAnswer(
            report.Status,
            report.Entries.Select(e => new HealthCheckAnswer(e.Key, e.Value.Status, detailed ? e.Value.Description : null)).ToList(),
            services);
        context.Response.ContentType = "application/json; charset=utf-8";
        return JsonSerializer.SerializeAsync(context.Response.Body, body, Json, context.RequestAborted);
    }

    private sealed record HealthAnswer(HealthStatus Status, IReadOnlyList<HealthCheckAnswer> Checks, IReadOnlyList<ServiceHealth> Services);

    private sealed record HealthCheckAnswer(string Name, HealthStatus Status, string? Description);
}
