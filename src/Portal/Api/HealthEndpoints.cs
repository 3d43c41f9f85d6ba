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
    /// Maps <c>GET /healthz</c> and <c>GET /healthz/ready</c>: 200 when healthy, 503 while the database does not answer
    /// or is not at this portal's schema, or a background service is failed and being restarted; the JSON body names each
    /// check and background service, its state and its last error (an excerpt, masked for secrets). <c>GET
    /// /healthz/live</c> is 200 whenever the process serves requests: an orchestrator restarts a node only when that fails,
    /// never because the database is away (restarting would not bring it back).
    /// </summary>
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        // Anonymous: load balancers and orchestrators probe them without credentials.
        app.MapHealthChecks("/healthz", new HealthCheckOptions { ResponseWriter = WriteAsync }).AllowAnonymous();
        app.MapHealthChecks("/healthz/ready", new HealthCheckOptions { ResponseWriter = WriteAsync, Predicate = c => c.Tags.Contains(HealthServiceExtensions.Ready) })
            .AllowAnonymous();
        app.MapHealthChecks("/healthz/live", new HealthCheckOptions { ResponseWriter = WriteAsync, Predicate = _ => false }).AllowAnonymous();
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
