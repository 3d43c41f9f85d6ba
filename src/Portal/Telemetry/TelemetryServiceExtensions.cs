using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using PortalRelease.Portal.Configuration;

namespace PortalRelease.Portal.Telemetry;

public static class TelemetryServiceExtensions
{
    public static IServiceCollection AddPortalTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(PortalOptions.Section).Get<PortalOptions>()?.Telemetry ?? new TelemetryOptions();
        var otlp = Uri.TryCreate(options.OtlpEndpoint, UriKind.Absolute, out var endpoint) ? endpoint : null;
        services.AddSingleton<PortalMeters>();
        services.AddHostedService<JournalMetricsListener>();
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("PortalRelease"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(PortalMeters.MeterName).AddAspNetCoreInstrumentation();
                if (options.PrometheusEndpoint)
                {
                    metrics.AddPrometheusExporter();
                }
                if (otlp is not null)
                {
                    metrics.AddOtlpExporter(o => o.Endpoint = otlp);
                }
            })
            .WithTracing(tracing =>
            {
                tracing.AddSource(PortalMeters.ActivitySourceName).AddAspNetCoreInstrumentation();
                if (otlp is not null)
                {
                    tracing.AddOtlpExporter(o => o.Endpoint = otlp);
                }
            });
        return services;
    }

    public static IEndpointRouteBuilder MapPortalTelemetry(this IEndpointRouteBuilder app, IConfiguration configuration)
    {
        if (configuration.GetSection(PortalOptions.Section).Get<PortalOptions>()?.Telemetry.PrometheusEndpoint ?? true)
        {
            app.MapPrometheusScrapingEndpoint("/metrics");
        }
        return app;
    }
}
