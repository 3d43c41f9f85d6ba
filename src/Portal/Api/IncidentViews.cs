using PortalRelease.Contracts;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Incidents;

namespace PortalRelease.Portal.Api;

/// <summary>Alerts received as the API serves them.</summary>
internal static class IncidentViews
{
    public static IncidentView ToView(this IncidentRecord r) => new(
        r.Id, r.ReceivedAt, r.Fingerprint, r.Status, r.Service, r.AlertName, r.GroupKey, r.Receiver, r.StartsAt, r.EndsAt, r.GeneratorUrl,
        r.Labels, r.Annotations, r.Releases);

    public static IncidentOutcomeView ToView(this IncidentOutcome outcome) => new(outcome.Incidents.Select(ToView).ToList());
}
