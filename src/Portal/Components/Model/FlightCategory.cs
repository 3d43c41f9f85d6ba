using PortalRelease.Portal.Releases.Journal;

namespace PortalRelease.Portal.Components.Model;

/// <summary>The flight recorder's filter chips: every journal event type falls in exactly one category.</summary>
public static class FlightCategory
{
    public const string Lifecycle = "lifecycle";
    public const string Gates = "gates";
    public const string Control = "control";
    public const string Driver = "driver";
    public const string Analysis = "analysis";
    public const string Incidents = "incidents";
    public const string Warnings = "warnings";
    public const string Telemetry = "telemetry";
    public const string Other = "other";

    /// <summary>In chip order, with the words on the chip.</summary>
    public static IReadOnlyList<(string Key, string Label)> All { get; } =
    [
        (Lifecycle, "Lifecycle"),
        (Gates, "Approvals & gates"),
        (Control, "Pause, rollback & abort"),
        (Driver, "Driver calls"),
        (Analysis, "Measurements & verdicts"),
        (Incidents, "Incidents"),
        (Warnings, "Warnings"),
        (Telemetry, "Telemetry samples"),
        (Other, "Other"),
    ];

    /// <summary>Selected when the recorder opens: everything but the telemetry samples, which are many and drawn in the chart.</summary>
    public static IReadOnlySet<string> Default { get; } = All.Select(c => c.Key).Where(k => k != Telemetry).ToHashSet(StringComparer.Ordinal);

    public static string Of(string type) => type switch
    {
        nameof(ReleaseCreated) or nameof(StateChanged) or nameof(StepStarted) or nameof(StepCompleted) or nameof(ComponentFailed) => Lifecycle,
        nameof(ApprovalRequested) or nameof(ApprovalGiven) or nameof(ApprovalRejected) or nameof(ApprovalTimedOut) or nameof(ApprovalDecided)
            or nameof(WindowWaiting) or nameof(GateOverridden) or nameof(TargetsLocked) or nameof(Queued) => Gates,
        nameof(PauseStarted) or nameof(Paused) or nameof(Resumed) or nameof(AbortRequested) or nameof(RollbackRequested) => Control,
        nameof(ActionIntended) or nameof(ActionDone) or nameof(ActionFailed) => Driver,
        nameof(MeasurementTaken) or nameof(AnalysisVerdict) => Analysis,
        nameof(IncidentOpened) or nameof(IncidentResolved) => Incidents,
        nameof(EngineWarning) => Warnings,
        nameof(MetricsSampled) => Telemetry,
        _ => Other,
    };
}
