namespace PortalRelease.Portal.OnCall;

/// <summary>What the person on call needs at a glance, folded from the journal and the incidents table at <see cref="At"/>.</summary>
public sealed record OnCallSnapshot(
    DateTimeOffset At,
    IReadOnlyList<InFlightRelease> InFlight,
    IReadOnlyList<RemediationEntry> Rollbacks,
    IReadOnlyList<AlertEntry> Alerts);

/// <summary>
/// How a release looks right now: <see cref="Health"/> is green, amber or red, <see cref="HealthReason"/> says why;
/// <see cref="Weight"/> is the current stage's traffic share when the plan is known (see <see cref="StageTraffic"/>).
/// </summary>
public sealed record InFlightRelease(
    string Id,
    string Service,
    string Version,
    string State,
    IReadOnlyList<string> SubStates,
    string? CurrentStep,
    int Weight,
    IReadOnlyDictionary<string, int> Weights,
    IReadOnlyList<LatestMeasurement> Measurements,
    string Health,
    string HealthReason,
    DateTimeOffset? UpdatedAt,
    long LastSeq)
{
    /// <summary>The stage the release works on now and each of its targets' traffic; null when the plan is unknown.</summary>
    public StageTraffic? Traffic { get; init; }
}

/// <summary>The newest measurement of one metric on one target, with the bounds it was held to.</summary>
public sealed record LatestMeasurement(
    string Target,
    string Metric,
    string Outcome,
    double? Value,
    double? Max,
    double? Min,
    double? Baseline,
    long Seq,
    DateTimeOffset At);

/// <summary>
/// A rollback or abort: who asked (<see cref="Automatic"/> when the engine or an alert did), why, and how long from the
/// fault (a failed verdict, an incident, a failed driver call; else the request itself) to rolled back.
/// </summary>
public sealed record RemediationEntry(
    string ReleaseId,
    string Service,
    string Version,
    string Kind,
    bool Automatic,
    string RequestedBy,
    string Reason,
    DateTimeOffset? FaultAt,
    DateTimeOffset RequestedAt,
    DateTimeOffset? SettledAt,
    string Outcome,
    double? SecondsToSettled,
    long Seq);

/// <summary>One alert received, with what the portal did to each release it concerned.</summary>
public sealed record AlertEntry(
    long Id,
    DateTimeOffset ReceivedAt,
    string Status,
    string? Service,
    string? AlertName,
    string Fingerprint,
    IReadOnlyList<AlertAction> Releases);

/// <summary><see cref="Action"/> is <c>pause</c>, <c>rollback</c>, <c>none</c> or <c>resolved</c>; <see cref="Seq"/> is the journal event that recorded it.</summary>
public sealed record AlertAction(string ReleaseId, string Action, long? Seq);

public static class OnCallHealth
{
    public const string Green = "green";
    public const string Amber = "amber";
    public const string Red = "red";
}
