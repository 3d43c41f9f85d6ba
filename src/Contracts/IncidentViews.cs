namespace PortalRelease.Contracts;

/// <summary>
/// One alert as the portal received it from Alertmanager (<c>GET /api/incidents</c>, newest 500): its
/// <see cref="Status"/> (<c>firing</c> or <c>resolved</c>), the service its labels name, and the releases it touched.
/// </summary>
public sealed record IncidentView(
    long Id,
    DateTimeOffset ReceivedAt,
    string Fingerprint,
    string Status,
    string? Service,
    string? AlertName,
    string GroupKey,
    string Receiver,
    DateTimeOffset StartsAt,
    DateTimeOffset? EndsAt,
    string? GeneratorUrl,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations,
    IReadOnlyList<string> Releases);

/// <summary>The answer of <c>POST /api/webhooks/alertmanager</c>: each alert of the payload as recorded, in order.</summary>
public sealed record IncidentOutcomeView(IReadOnlyList<IncidentView> Incidents);
