using System.Text.Json.Serialization;

namespace PortalRelease.Contracts;

/// <summary>
/// What the person on call needs at a glance, as <c>GET /api/on-call</c> serves it at <see cref="At"/>: the releases in
/// flight, recent rollbacks and aborts, and recent alerts.
/// </summary>
public sealed record OnCallView(
    DateTimeOffset At,
    IReadOnlyList<InFlightReleaseView> InFlight,
    IReadOnlyList<RemediationView> Rollbacks,
    IReadOnlyList<AlertView> Alerts);

/// <summary>
/// A release in flight: <see cref="Health"/> is <c>green</c>, <c>amber</c> or <c>red</c> and <see cref="HealthReason"/>
/// says why; <see cref="Weight"/> is the current stage's traffic share, <see cref="Weights"/> each target's.
/// </summary>
public sealed record InFlightReleaseView(
    string Id,
    string Service,
    string Version,
    string State,
    IReadOnlyList<string> SubStates,
    string? CurrentStep,
    int Weight,
    IReadOnlyDictionary<string, int> Weights,
    IReadOnlyList<LatestMeasurementView> Measurements,
    string Health,
    string HealthReason,
    DateTimeOffset? UpdatedAt,
    long LastSeq)
{
    /// <summary>The stage the release works on now and each of its targets' traffic; null when the plan is unknown.</summary>
    public StageTrafficView? Traffic { get; init; }
}

/// <summary>The newest measurement of one metric on one target, with the bounds it was held to.</summary>
public sealed record LatestMeasurementView(
    string Target,
    string Metric,
    string Outcome,
    double? Value,
    double? Max,
    double? Min,
    double? Baseline,
    long Seq,
    DateTimeOffset At);

/// <summary>The stage a release works on (<see cref="StageNumber"/> of <see cref="StageCount"/>) and its targets' traffic.</summary>
public sealed record StageTrafficView(string Stage, int StageNumber, int StageCount, int Percent, IReadOnlyList<TargetTrafficView> Targets);

/// <summary>One target's share of traffic (or of instances), in words in <see cref="Text"/>.</summary>
public sealed record TargetTrafficView(
    string Target,
    int Percent,
    string Text,
    [property: JsonConverter(typeof(JsonNumberEnumConverter<PlanStrategy>))] PlanStrategy Strategy);

/// <summary>
/// A rollback or abort (<see cref="Kind"/>): who asked (<see cref="Automatic"/> when the engine or an alert did), why,
/// and how long it took from the fault to settled.
/// </summary>
public sealed record RemediationView(
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
public sealed record AlertView(
    long Id,
    DateTimeOffset ReceivedAt,
    string Status,
    string? Service,
    string? AlertName,
    string Fingerprint,
    IReadOnlyList<AlertActionView> Releases);

/// <summary>What an alert did to a release: <c>pause</c>, <c>rollback</c>, <c>none</c> or <c>resolved</c>; <see cref="Seq"/> is the journal event that recorded it.</summary>
public sealed record AlertActionView(string ReleaseId, string Action, long? Seq);
