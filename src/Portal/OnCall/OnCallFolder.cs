using PortalRelease.Portal.Data;
using PortalRelease.Portal.Releases;
using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.OnCall;

/// <summary>
/// Builds the on-call snapshot from release journals (each folded by the same <see cref="ReleaseView"/> the engine
/// uses) and the incidents table. Pure: everything it knows is passed in, so tests feed it a constructed journal.
/// </summary>
public static class OnCallFolder
{
    /// <summary>Actors whose requests count as automatic: the engine's own decisions and alert-driven ones.</summary>
    private static readonly HashSet<string> AutomaticActors = new(StringComparer.Ordinal) { "engine", Incidents.IncidentService.IncidentActor };

    public static OnCallSnapshot Fold(
        IReadOnlyDictionary<string, List<JournalEvent>> journals, IReadOnlyList<IncidentRecord> incidents, DateTimeOffset now, TimeSpan window,
        IReadOnlyDictionary<string, ReleasePlan>? plans = null)
    {
        var since = now - window;
        var inFlight = new List<InFlightRelease>();
        var remediation = new List<RemediationEntry>();
        var alertActions = new Dictionary<long, List<AlertAction>>();
        foreach (var (id, events) in journals)
        {
            var view = ReleaseView.From(id, events);
            var (service, version) = Identity(events);
            if (!view.IsFinal)
            {
                var traffic = plans?.GetValueOrDefault(id) is { } plan ? StageTraffic.Of(plan, version, view, events) : null;
                inFlight.Add(InFlight(view, events, service, version) with { Traffic = traffic, Weight = traffic?.Percent ?? view.CanaryWeight });
            }
            remediation.AddRange(Remediation(id, events, service, version).Where(r => r.RequestedAt >= since));
            CollectAlertActions(id, events, alertActions);
        }
        var alerts = incidents
            .Where(i => i.ReceivedAt >= since)
            .OrderByDescending(i => i.Id)
            .Select(i => new AlertEntry(i.Id, i.ReceivedAt, i.Status, i.Service, i.AlertName, i.Fingerprint,
                alertActions.GetValueOrDefault(i.Id) ?? [.. i.Releases.Select(r => new AlertAction(r, "none", null))]))
            .ToList();
        return new OnCallSnapshot(
            now,
            [.. inFlight.OrderBy(r => HealthRank(r.Health)).ThenByDescending(r => r.UpdatedAt)],
            [.. remediation.OrderByDescending(r => r.RequestedAt)],
            alerts);
    }

    private static (string Service, string Version) Identity(List<JournalEvent> events)
    {
        var created = events.FirstOrDefault(e => e.Type == nameof(ReleaseCreated))?.Payload<ReleaseCreated>();
        // The same fallback as the delivery dashboards: releases from before metadata count under their template.
        return (created?.Metadata?.Service ?? created?.Template ?? "", created?.Version ?? "");
    }

    private static int HealthRank(string health) => health switch
    {
        OnCallHealth.Red => 0,
        OnCallHealth.Amber => 1,
        _ => 2,
    };

    private static InFlightRelease InFlight(ReleaseView view, List<JournalEvent> events, string service, string version)
    {
        var latest = new Dictionary<(string, string), LatestMeasurement>();
        foreach (var e in events.Where(e => e.Type == nameof(MeasurementTaken)))
        {
            var m = e.Payload<MeasurementTaken>();
            latest[(m.Target, m.Metric)] = new LatestMeasurement(m.Target, m.Metric, m.Outcome.ToString(), m.Value, m.Max, m.Min, m.Baseline?.Value, e.Seq, e.At);
        }
        var measurements = latest.Values.OrderBy(m => m.Target, StringComparer.Ordinal).ThenBy(m => m.Metric, StringComparer.Ordinal).ToList();
        var subStates = SubStates(view);
        var (health, why) = Health(view, measurements, subStates);
        return new InFlightRelease(
            view.Id, service, version, view.State.ToString(), subStates,
            ReleaseStateMachine.IsInProgress(view.State) ? view.CurrentStepDescription : null,
            view.CanaryWeight, view.CanaryWeights.ToDictionary(w => w.Key, w => w.Value, StringComparer.Ordinal),
            measurements, health, why, view.UpdatedAt, view.LastSeq);
    }

    private static List<string> SubStates(ReleaseView view)
    {
        var states = new List<string>();
        if (view.PendingRollback is { } pending)
        {
            states.Add(pending.IsAbort ? "Aborting" : "Rolling back");
        }
        if (view.IsPaused)
        {
            states.Add(view.PauseReason is { } reason ? $"Paused: {reason}" : "Paused");
        }
        if (view.IsAwaitingApproval)
        {
            states.Add("Awaiting approval");
        }
        else if (view.WindowWait is not null && view.GateSubState is { } gate)
        {
            states.Add(gate);
        }
        if (view.QueuedBehind is { } queued)
        {
            states.Add(ReleaseView.QueuedText(queued));
        }
        return states;
    }

    private static (string Health, string Why) Health(ReleaseView view, List<LatestMeasurement> measurements, List<string> subStates)
    {
        if (view.PendingRollback is { } pending)
        {
            return (OnCallHealth.Red, $"{(pending.IsAbort ? "Aborting" : "Rolling back")}: {pending.Reason}");
        }
        if (view.State == Lifecycle.Failed)
        {
            return (OnCallHealth.Red, view.Reason ?? "Failed");
        }
        if (view.OpenIncidents.FirstOrDefault() is { } incident)
        {
            return (OnCallHealth.Red, $"Alert {incident.Alert.AlertName ?? incident.Alert.Fingerprint} is firing");
        }
        if (measurements.FirstOrDefault(m => m.Outcome == nameof(MeasurementOutcome.Failed)) is { } failed)
        {
            return (OnCallHealth.Red, $"{failed.Metric} on {failed.Target} failed its last measurement");
        }
        if (subStates.Count > 0)
        {
            return (OnCallHealth.Amber, subStates[0]);
        }
        if (measurements.FirstOrDefault(m => m.Outcome == nameof(MeasurementOutcome.Inconclusive)) is { } unsure)
        {
            return (OnCallHealth.Amber, $"{unsure.Metric} on {unsure.Target} was inconclusive");
        }
        return (OnCallHealth.Green, measurements.Count == 0 ? "No measurement failed (none taken yet)" : "Every latest measurement passed");
    }

    private static IEnumerable<RemediationEntry> Remediation(string id, List<JournalEvent> events, string service, string version)
    {
        DateTimeOffset? lastFault = null;
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            if (IsFault(e))
            {
                lastFault = e.At;
                continue;
            }
            var (kind, reason) = e.Type switch
            {
                nameof(RollbackRequested) => ("rollback", e.Payload<RollbackRequested>().Reason),
                nameof(AbortRequested) => ("abort", e.Payload<AbortRequested>().Reason),
                _ => ("", ""),
            };
            if (kind.Length == 0)
            {
                continue;
            }
            // The engine writes a failed verdict and its rollback request together: a fault in the same batch counts.
            var faultAt = events.Skip(i + 1).TakeWhile(n => n.At == e.At).Any(IsFault) ? e.At : lastFault ?? e.At;
            var settled = events.Skip(i + 1).FirstOrDefault(n => n.Type == nameof(StateChanged)
                && n.Payload<StateChanged>().To is Lifecycle.RolledBack or Lifecycle.Aborted or Lifecycle.Failed);
            var outcome = settled is null ? "in progress" : settled.Payload<StateChanged>().To.ToString();
            yield return new RemediationEntry(
                id, service, version, kind, e.Actor is { } actor && AutomaticActors.Contains(actor), e.Actor ?? "engine", reason,
                faultAt, e.At, settled?.At, outcome, settled is null ? null : (settled.At - faultAt).TotalSeconds, e.Seq);
            lastFault = null;
        }
    }

    private static bool IsFault(JournalEvent e) => e.Type switch
    {
        nameof(AnalysisVerdict) => e.Payload<AnalysisVerdict>().Verdict == Verdict.Failed,
        nameof(IncidentOpened) or nameof(ActionFailed) or nameof(ApprovalRejected) => true,
        _ => false,
    };

    private static void CollectAlertActions(string id, List<JournalEvent> events, Dictionary<long, List<AlertAction>> actions)
    {
        foreach (var e in events)
        {
            var (alert, action) = e.Type switch
            {
                nameof(IncidentOpened) => (e.Payload<IncidentOpened>().Alert, e.Payload<IncidentOpened>().Action),
                nameof(IncidentResolved) => (e.Payload<IncidentResolved>().Alert, "resolved"),
                _ => (null, ""),
            };
            if (alert is not null)
            {
                (actions.TryGetValue(alert.IncidentId, out var list) ? list : actions[alert.IncidentId] = []).Add(new AlertAction(id, action, e.Seq));
            }
        }
    }
}
