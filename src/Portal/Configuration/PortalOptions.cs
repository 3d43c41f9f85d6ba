namespace PortalRelease.Portal.Configuration;

/// <summary>The <c>Portal</c> section of appsettings.json.</summary>
public sealed class PortalOptions
{
    public const string Section = "Portal";

    /// <summary>Where the SQLite database and plugin state live; relative to the portal's home.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Where plugin folders are discovered; relative to the portal's home.</summary>
    public string PluginsDirectory { get; set; } = "plugins";

    /// <summary>Seeds sample templates and a Sandbox target into an empty database.</summary>
    public bool SeedSamples { get; set; } = true;

    /// <summary>
    /// Seeds twelve months of demo delivery history into an empty database, so the dashboards mean something on
    /// first start. Off unless configured: the root appsettings.json turns it on for the run command.
    /// </summary>
    public bool SeedDemoHistory { get; set; }

    public EngineOptions Engine { get; set; } = new();

    public TelemetryOptions Telemetry { get; set; } = new();

    /// <summary>How much one request may hand the portal (<c>Portal:Limits</c>).</summary>
    public LimitsOptions Limits { get; set; } = new();
}

/// <summary>The portal's own traces and metrics (OpenTelemetry).</summary>
public sealed class TelemetryOptions
{
    /// <summary>Serves Prometheus text format at <c>/metrics</c>.</summary>
    public bool PrometheusEndpoint { get; set; } = true;

    /// <summary>An OTLP collector to export traces, metrics and logs to, e.g. <c>http://localhost:4317</c>; empty turns OTLP off.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary><c>grpc</c> (port 4317 by convention) or <c>http/protobuf</c> (4318; the signal's path is added to the endpoint).</summary>
    public string OtlpProtocol { get; set; } = "grpc";
}

public sealed class EngineOptions
{
    /// <summary>How long one driver call may take before its step fails.</summary>
    public TimeSpan DriverCallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often canary and baseline telemetry is sampled for the live charts.</summary>
    public TimeSpan SampleInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The user recorded as acting until sign-in exists. Shown in the UI and journal as a development identity.
    /// </summary>
    public string DevelopmentIdentity { get; set; } = "dev-user";

    /// <summary>
    /// Development only: honours an <c>X-Portal-User</c> header on API calls and offers a user picker in the layout,
    /// so an author and a different approver can be exercised before sign-in exists. Never turn on in production.
    /// </summary>
    public bool AllowIdentityHeader { get; set; }

    public ResilienceOptions Resilience { get; set; } = new();
}
