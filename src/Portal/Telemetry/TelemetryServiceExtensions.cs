using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
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
        var protocol = Protocol(options.OtlpProtocol);
        services.AddSingleton<PortalMeters>();
        services.AddHostedService<JournalMetricsListener>();
        services.AddLogRedaction();
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
                    metrics.AddOtlpExporter(o => Configure(o, otlp, protocol, "v1/metrics"));
                }
            })
            .WithTracing(tracing =>
            {
                // First, so every exporter (this OTLP one, or one added later) receives spans with known secrets masked.
                tracing.AddProcessor(new RedactingActivityProcessor());
                // The engine's spans (steps, analysis rounds, rollbacks, driver calls), webhook deliveries', the HTTP
                // server's, and outgoing HTTP calls (.NET's own source): a plugin's calls to its platform nest under the
                // driver call's span, a webhook's under its attempt's.
                tracing.AddSource(PortalMeters.ActivitySourceName, PortalMeters.NotificationsSourceName, "System.Net.Http").AddAspNetCoreInstrumentation();
                if (otlp is not null)
                {
                    tracing.AddOtlpExporter(o => Configure(o, otlp, protocol, "v1/traces"));
                }
            });
        if (otlp is not null)
        {
            // Logs reach the exporter through the portal's logger factory, so they are redacted like the console's.
            services.AddOpenTelemetry().WithLogging(
                logging => logging.AddOtlpExporter(o => Configure(o, otlp, protocol, "v1/logs")),
                logger =>
                {
                    logger.IncludeFormattedMessage = true;
                    logger.IncludeScopes = true;
                });
        }
        return services;
    }

    /// <summary>
    /// Decorates the logger factory so every record's message, values, exception and scopes are masked of
    /// <see cref="Targets.KnownSecrets"/> before any provider (registered now or later) receives it.
    /// </summary>
    public static IServiceCollection AddLogRedaction(this IServiceCollection services)
    {
        services.AddLogging();
        services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(sp => new RedactingLoggerFactory(new LoggerFactory(
            sp.GetServices<ILoggerProvider>(),
            sp.GetRequiredService<IOptionsMonitor<LoggerFilterOptions>>(),
            sp.GetService<IOptions<LoggerFactoryOptions>>(),
            sp.GetService<IExternalScopeProvider>()))));
        return services;
    }

    public static IEndpointRouteBuilder MapPortalTelemetry(this IEndpointRouteBuilder app, IConfiguration configuration)
    {
        if (configuration.GetSection(PortalOptions.Section).Get<PortalOptions>()?.Telemetry.PrometheusEndpoint ?? true)
        {
            // Anonymous, as Prometheus scrapes: counts and durations, no names of users, secrets or settings
            // (docs/security.md). Operators who want it private bind it behind their network policy.
            app.MapPrometheusScrapingEndpoint("/metrics").AllowAnonymous();
        }
        return app;
    }

    private static OtlpExportProtocol Protocol(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or "grpc" => OtlpExportProtocol.Grpc,
        "http/protobuf" or "http" => OtlpExportProtocol.HttpProtobuf,
        _ => throw new InvalidOperationException($"Portal:Telemetry:OtlpProtocol '{value}' is unknown; use 'grpc' or 'http/protobuf'."),
    };

    private static void Configure(OtlpExporterOptions exporter, Uri endpoint, OtlpExportProtocol protocol, string signalPath)
    {
        exporter.Protocol = protocol;
        // Over HTTP an endpoint set in code is used as it is: each signal's path must be added here.
        exporter.Endpoint = protocol == OtlpExportProtocol.HttpProtobuf
            ? new Uri(endpoint.AbsoluteUri.TrimEnd('/') + "/" + signalPath)
            : endpoint;
    }
}
