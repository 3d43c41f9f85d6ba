namespace PortalRelease.Portal.Releases.Journal;

// Every journal event type is one of these records; the record's name is the event's type.
// Fields are only ever added (old events must keep deserialising).

/// <summary>The release was created from a template; <see cref="Metadata"/> is absent in events written before it existed.</summary>
public sealed record ReleaseCreated(string Template, long TemplateVersion, string Version, IReadOnlyDictionary<string, object?> Parameters, ReleaseMetadata? Metadata = null);

/// <summary>The lifecycle moved. <see cref="Previous"/> versions per target are recorded when validated, for rollback.</summary>
public sealed record StateChanged(Lifecycle From, Lifecycle To, string? Reason, IReadOnlyDictionary<string, string?>? Previous = null);

public sealed record StepStarted(int Index, string Stage, string Description);

public sealed record StepCompleted(int Index);

/// <summary>Written before a driver is called; the key makes a re-issue after a crash safe.</summary>
public sealed record ActionIntended(string Key, string Target, string Action, string Version, string? Cohort, int? Weight, string? ToVersion = null);

public sealed record ActionDone(string Key, string Target, string Outcome, string? Detail);

public sealed record ActionFailed(string Key, string Target, string Error);

/// <summary>A pause step began; <see cref="Until"/> is null when it waits for a person.</summary>
public sealed record PauseStarted(int Index, DateTimeOffset? Until);

public sealed record Paused(string Reason);

public sealed record Resumed(string? Comment);

public sealed record AbortRequested(string Reason);

public sealed record RollbackRequested(string Reason);

public enum MeasurementOutcome
{
    Passed,
    Failed,
    Inconclusive,
}

/// <summary>
/// One analysis measurement of one target's canary, with the evidence that decided it: the canary's value against the
/// bounds and, when the step compares, the baseline comparison. <see cref="ConsecutiveFailures"/> is this target's run
/// of failed rounds ending with this one. <see cref="AvailableAt"/> is when the queries returned: decision latency
/// runs from there to the verdict's commit.
/// </summary>
/// <summary>
/// The runner resumed analysis step <see cref="Index"/> after the portal was away for <see cref="Away"/> (since the last
/// event it journaled, at <see cref="LastSeen"/>): <see cref="Rounds"/> fell due meanwhile, and each is measured over its
/// own interval. Journaled once per round: a later restart names only rounds no earlier gap named.
/// </summary>
public sealed record ResumedAfterGap(int Index, string Metric, TimeSpan Away, DateTimeOffset LastSeen, IReadOnlyList<int> Rounds);

public sealed record MeasurementTaken(
    int Index,
    int Round,
    string Target,
    string Metric,
    double? Value,
    long SampleSize,
    double? Max,
    double? Min,
    MeasurementOutcome Outcome,
    string Explanation,
    BaselineEvidence? Baseline = null,
    int ConsecutiveFailures = 0,
    DateTimeOffset? AvailableAt = null,
    DateTimeOffset? WindowStart = null,
    DateTimeOffset? WindowEnd = null);

/// <summary>
/// A baseline-versus-canary comparison of one round: canary points tested by Mann-Whitney U against the baseline's
/// scaled by (1 ± <see cref="Margin"/>); <see cref="PValue"/> is the one-sided p that the canary is worse.
/// </summary>
public sealed record BaselineEvidence(
    double? Value,
    long SampleSize,
    int CanaryPoints,
    int BaselinePoints,
    double Margin,
    double Alpha,
    string Direction,
    double? U,
    double? Z,
    double? PValue,
    bool Exact,
    double? RankBiserial,
    double? MedianRatio,
    MeasurementOutcome Outcome);

public enum Verdict
{
    Passed,
    Failed,
    Inconclusive,
}

/// <summary>How an analysis step ended; <see cref="Target"/> and <see cref="ConsecutiveFailures"/> name what decided it, when one target did.</summary>
public sealed record AnalysisVerdict(
    int Index,
    Verdict Verdict,
    int Measurements,
    int Failures,
    int Inconclusive,
    string Explanation,
    int ConsecutiveFailures = 0,
    string? Target = null);

/// <summary>
/// Canary and baseline telemetry of one target for the live charts. <see cref="Source"/> is the metric source kind
/// sampled: the one the stage's analysis queries, so the charts match its evidence (null in events written before it
/// was recorded: the target's own kind). <see cref="Analysed"/> is the analysis' own metric when it is none of the three.
/// </summary>
public sealed record MetricsSampled(string Target, CohortSample Canary, CohortSample Baseline, string? Source = null, AnalysedSample? Analysed = null);

/// <summary>The stage's analysis metric, sampled beside the standard three for the charts.</summary>
public sealed record AnalysedSample(string Metric, double? Canary, double? Baseline);

public sealed record CohortSample(double? ErrorRate, double? LatencyP95, double? RequestRate);

/// <summary>A problem the engine met that did not fit another event (e.g. a metric source failing).</summary>
public sealed record EngineWarning(string Message);
