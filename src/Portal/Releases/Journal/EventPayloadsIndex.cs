namespace PortalRelease.Portal.Releases.Journal;

/// <summary>Names of the journal's event types, for readers that switch on them.</summary>
public static class EventPayloads
{
    public static IReadOnlyList<Type> All { get; } =
    [
        typeof(ReleaseCreated), typeof(StateChanged), typeof(StepStarted), typeof(StepCompleted),
        typeof(ActionIntended), typeof(ActionDone), typeof(ActionFailed), typeof(PauseStarted),
        typeof(Paused), typeof(Resumed), typeof(AbortRequested), typeof(RollbackRequested),
        typeof(MeasurementTaken), typeof(AnalysisVerdict), typeof(MetricsSampled), typeof(EngineWarning), typeof(ResumedAfterGap),
        typeof(TargetsLocked), typeof(Queued), typeof(IncidentOpened), typeof(IncidentResolved),
        typeof(ApprovalRequested), typeof(ApprovalGiven), typeof(ApprovalRejected), typeof(ApprovalTimedOut), typeof(ApprovalDecided),
        typeof(WindowWaiting), typeof(GateOverridden),
        typeof(ComponentFailed),
    ];
}
