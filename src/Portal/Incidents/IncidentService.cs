using System.Text.Json.Nodes;
using PortalRelease.Portal.Audit;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Releases;
using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Incidents;

/// <summary>What one webhook call did: the alerts stored (with the releases each touched).</summary>
public sealed record IncidentOutcome(IReadOnlyList<IncidentRecord> Incidents);

/// <summary>
/// Turns alerts into action: a firing alert with a <c>service</c> label pauses every in-flight release of that
/// service, or rolls it back when its template says <c>rollback.onIncident: rollback</c>, journaling the alert
/// and a snapshot of the release beside the decision. A resolved alert is journaled on the releases it opened an
/// incident on (they stay paused: a person resumes). Every alert is kept in the incidents table either way.
/// </summary>
public sealed class IncidentService(
    IncidentRepository incidents,
    ReleaseRepository releases,
    JournalRepository journal,
    ReleaseService releaseService,
    TimeProvider time,
    AuditLog audit,
    Identity.Access.AccessGuard guard,
    ILogger<IncidentService> logger)
{
    private const int SnapshotMeasurements = 10;

    /// <summary>
    /// A webhook body as Alertmanager sent it: the caller's access is checked before the body is read, so a caller
    /// who may not report incidents learns nothing about what a valid payload looks like.
    /// </summary>
    public async Task<(IncidentOutcome? Outcome, IReadOnlyDictionary<string, string[]> Errors)> ReceiveAsync(
        System.Text.Json.JsonElement body, Configuration.LimitsOptions limits, AuditActor actor, CancellationToken cancellationToken = default)
    {
        await DemandAsync(actor);
        var (payload, errors) = AlertmanagerReader.Read(body, limits);
        return payload is null ? (null, errors) : (await ReceiveAsync(payload, actor, cancellationToken), errors);
    }

    public async Task<IncidentOutcome> ReceiveAsync(AlertmanagerPayload payload, AuditActor actor, CancellationToken cancellationToken = default)
    {
        await DemandAsync(actor);
        var now = time.GetUtcNow();
        var inFlight = await InFlightByServiceAsync(cancellationToken);
        var records = new List<IncidentRecord>();
        foreach (var alert in payload.Alerts)
        {
            var touched = alert.Service is { } service
                ? alert.IsFiring
                    ? inFlight.GetValueOrDefault(service) ?? []
                    : await releasesOpenOn(alert.Fingerprint)
                : [];
            records.Add(new IncidentRecord(
                0, now, alert.Fingerprint, alert.Status, alert.Service, alert.AlertName, payload.GroupKey, payload.Receiver,
                alert.StartsAt, alert.EndsAt, alert.GeneratorUrl, alert.Labels, alert.Annotations, touched));
        }
        // Stored before any release is touched: the record of what arrived never depends on what it caused.
        var stored = await incidents.AddAsync(records, cancellationToken);
        foreach (var incident in stored)
        {
            // What each release did about it is in that release's journal; the audit log says the alert arrived and from whom.
            await audit.AppendAsync(new AuditEntry(actor, "incident.receive", "incident", incident.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), Details: new JsonObject
            {
                ["fingerprint"] = incident.Fingerprint,
                ["status"] = incident.Status,
                ["service"] = incident.Service,
                ["alertname"] = incident.AlertName,
                ["releases"] = new JsonArray(incident.Releases.Select(r => (JsonNode?)r).ToArray()),
            }), cancellationToken);
        }
        foreach (var incident in stored)
        {
            foreach (var id in incident.Releases)
            {
                var alert = ToAlert(incident);
                var written = await releaseService.JournalAsync(
                    id, (_, plan, view) => incident.Status == "firing" ? Open(alert, plan, view) : Resolve(alert, view), cancellationToken);
                if (written)
                {
                    logger.LogInformation("Alert {Fingerprint} ({Status}) journaled on release {ReleaseId}", incident.Fingerprint, incident.Status, id);
                }
            }
        }
        return new IncidentOutcome(stored);

        async Task<IReadOnlyList<string>> releasesOpenOn(string fingerprint) => await incidents.ReleasesWithIncidentAsync(fingerprint, cancellationToken);
    }

    /// <summary>In-flight releases (not settled, not already undoing) by the service their plan ships.</summary>
    private async Task<Dictionary<string, List<string>>> InFlightByServiceAsync(CancellationToken cancellationToken)
    {
        var byService = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var ids = await releases.ListUnsettledAsync(LifecycleStates.Final, cancellationToken);
        var events = await journal.ReadManyAsync(ids, cancellationToken);
        var records = (await releases.GetManyAsync(ids, cancellationToken)).ToDictionary(r => r.Id, StringComparer.Ordinal);
        foreach (var id in ids)
        {
            var view = ReleaseView.From(id, events.GetValueOrDefault(id) ?? []);
            if (!ReleaseStateMachine.IsInProgress(view.State) || view.PendingRollback is not null
                || records.GetValueOrDefault(id) is not { } record)
            {
                continue;
            }
            var service = ReleaseServiceName.Of(record);
            (byService.TryGetValue(service, out var list) ? list : byService[service] = []).Add(id);
        }
        return byService;
    }

    private static IReadOnlyList<EventDraft> Open(IncidentAlert alert, ReleasePlan plan, ReleaseView view)
    {
        // Alertmanager repeats a firing alert until it resolves: one incident per alert and release is enough.
        if (view.OpenIncidents.Any(i => i.Alert.Fingerprint == alert.Fingerprint) || !ReleaseStateMachine.IsInProgress(view.State))
        {
            return [];
        }
        var what = $"Incident: alert {alert.AlertName ?? alert.Fingerprint} is firing for service {alert.Service}";
        var (action, decision) = plan.Rollback.OnIncident switch
        {
            IncidentAction.Rollback when ReleaseStateMachine.Check(view, ReleaseCommand.Rollback) is null =>
                ("rollback", EventDraft.Of(new RollbackRequested(what), IncidentActor)),
            _ when ReleaseStateMachine.Check(view, ReleaseCommand.Pause) is null =>
                ("pause", EventDraft.Of(new Paused(what + ": resume when it is safe, or roll back."), IncidentActor)),
            _ => ("none", null),
        };
        var opened = EventDraft.Of(new IncidentOpened(alert, Snapshot(view), action), IncidentActor);
        return decision is null ? [opened] : [opened, decision];
    }

    private static IReadOnlyList<EventDraft> Resolve(IncidentAlert alert, ReleaseView view) =>
        view.OpenIncidents.Any(i => i.Alert.Fingerprint == alert.Fingerprint)
            ? [EventDraft.Of(new IncidentResolved(alert), IncidentActor)]
            : [];

    /// <summary>Who the journal says acted on an alert.</summary>
    public const string IncidentActor = "alertmanager";

    // An incident pauses or rolls back releases of any service, so the caller needs incidents everywhere.
    private Task DemandAsync(AuditActor actor) =>
        guard.DemandAsync(actor, Identity.Access.AccessPermission.Incidents, Identity.Access.AccessScope.Global);

    private static ReleaseSnapshot Snapshot(ReleaseView view) => new(
        view.State.ToString(),
        view.IsPaused,
        view.CurrentStep,
        view.CurrentStepDescription,
        view.CanaryWeights.ToDictionary(w => w.Key, w => w.Value, StringComparer.Ordinal),
        view.Measurements.TakeLast(SnapshotMeasurements).ToList());

    private static IncidentAlert ToAlert(IncidentRecord incident) => new(
        incident.Id, incident.Fingerprint, incident.Status, incident.Service ?? "", incident.AlertName,
        incident.Labels, incident.Annotations, incident.StartsAt, incident.EndsAt, incident.GeneratorUrl);
}
