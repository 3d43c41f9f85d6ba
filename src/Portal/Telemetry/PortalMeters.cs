using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace PortalRelease.Portal.Telemetry;

/// <summary>
/// The portal's own instruments. Exported through OpenTelemetry: at <c>/metrics</c> in Prometheus format they read
/// <c>portal_…</c> (dots become underscores, counters gain <c>_total</c>, units a suffix).
/// </summary>
public sealed class PortalMeters : IDisposable
{
    public const string MeterName = "PortalRelease";
    public const string ActivitySourceName = "PortalRelease.Engine";
    public const string NotificationsSourceName = "PortalRelease.Notifications";

    private readonly Meter _meter = new(MeterName);

    public PortalMeters()
    {
        JournalEvents = _meter.CreateCounter<long>("portal.journal.events", description: "Journal events appended, by type.");
        Transitions = _meter.CreateCounter<long>("portal.release.transitions", description: "Lifecycle transitions, by the state entered.");
        Decisions = _meter.CreateCounter<long>("portal.decisions", description: "Analysis verdicts, by verdict.");
        Rollbacks = _meter.CreateCounter<long>("portal.rollbacks", description: "Releases rolled back or aborted.");
        DecisionLatency = _meter.CreateHistogram<double>("portal.decision.latency", unit: "s",
            description: "From the measurement that completed an analysis to its verdict being journaled.");
        DriverCallDuration = _meter.CreateHistogram<double>("portal.driver.call.duration", unit: "s",
            description: "From an action journaled as intended to its result journaled, by action and outcome.");
    }

    /// <summary>Traces of engine work (driver calls, steps) carry release and target attributes.</summary>
    public static ActivitySource Engine { get; } = new(ActivitySourceName);

    /// <summary>Traces of webhook deliveries and their attempts, with release, webhook and delivery ids.</summary>
    public static ActivitySource Notifications { get; } = new(NotificationsSourceName);

    public Counter<long> JournalEvents { get; }

    public Counter<long> Transitions { get; }

    public Counter<long> Decisions { get; }

    public Counter<long> Rollbacks { get; }

    public Histogram<double> DecisionLatency { get; }

    public Histogram<double> DriverCallDuration { get; }

    /// <summary>Registers a gauge whose value is read at export time.</summary>
    public void ObserveReleasesByState(Func<IEnumerable<Measurement<long>>> observe) =>
        _meter.CreateObservableGauge("portal.releases", observe, description: "Releases by lifecycle state, as the journal says now.");

    public void Dispose() => _meter.Dispose();
}
