namespace PortalRelease.Contracts;

/// <summary>
/// One quarantine record: a version of a service no release may ship (<see cref="Action"/> <c>quarantined</c>), or the
/// lifting of it (<c>lifted</c>). <c>GET /api/quarantine</c> lists the versions quarantined now, <c>/history</c> every record.
/// </summary>
public sealed record QuarantineView(long Id, string Service, string Version, string Action, string Reason, string By, DateTimeOffset At);

/// <summary>
/// The body of <c>POST /api/quarantine</c>: the version to keep out of releases, and why. All three are required (the
/// portal answers a missing or blank one with a 400 naming it); they are typed nullable as the API describes them.
/// </summary>
public sealed record QuarantineRequest(string? Service, string? Version, string? Reason);

/// <summary>The body of <c>POST /api/quarantine/{service}/{version}/lift</c>: why the version may ship again (required, as above).</summary>
public sealed record LiftQuarantineRequest(string? Reason);
