namespace PortalRelease.Portal.Releases.Journal;

// Journal events of the engine's operational safety: target locks and incidents. Like every payload, fields are
// only ever added.

/// <summary>The release now holds every target of its plan; it keeps them until it settles.</summary>
public sealed record TargetsLocked(IReadOnlyList<string> Targets);

/// <summary>The release waits for <see cref="Behind"/>, which holds or is ahead in line for target <see cref="On"/>.</summary>
public sealed record Queued(string Behind, string On, IReadOnlyList<string> Targets);

/// <summary>A firing alert concerned this release's service; <see cref="Action"/> is what the portal did (paused, rolling back, none).</summary>
public sealed record IncidentOpened(IncidentAlert Alert, ReleaseSnapshot Snapshot, string Action);

/// <summary>An alert that concerned this release was resolved; the release is not resumed automatically.</summary>
public sealed record IncidentResolved(IncidentAlert Alert);

/// <summary>One Alertmanager alert as the portal keeps it; <see cref="IncidentId"/> is its row in the incidents table.</summary>
public sealed record IncidentAlert(
    long IncidentId,
    string Fingerprint,
    string Status,
    string Service,
    string? AlertName,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations,
    DateTimeOffset StartsAt,
    DateTimeOffset? EndsAt,
    string? GeneratorUrl);

/// <summary>What the release was doing when the alert arrived, for the postmortem.</summary>
public sealed record ReleaseSnapshot(
    string State,
    bool Paused,
    int? Step,
    string? StepDescription,
    IReadOnlyDictionary<string, int> Weights,
    IReadOnlyList<MeasurementTaken> LastMeasurements);
