using PortalRelease.Contracts;
using PortalRelease.Portal.Components.Model;
using PortalRelease.Portal.OnCall;

namespace PortalRelease.Portal.Api;

/// <summary>The on-call snapshot as the API serves it.</summary>
internal static class OnCallViews
{
    public static OnCallView ToView(this OnCallSnapshot s) => new(
        s.At, s.InFlight.Select(ToView).ToList(), s.Rollbacks.Select(ToView).ToList(), s.Alerts.Select(ToView).ToList());

    private static InFlightReleaseView ToView(InFlightRelease r) => new(
        r.Id, r.Service, r.Version, r.State, r.SubStates, r.CurrentStep, r.Weight, r.Weights,
        r.Measurements.Select(m => new LatestMeasurementView(m.Target, m.Metric, m.Outcome, m.Value, m.Max, m.Min, m.Baseline, m.Seq, m.At)).ToList(),
        r.Health, r.HealthReason, r.UpdatedAt, r.LastSeq)
    {
        Traffic = r.Traffic is { } t ? new StageTrafficView(t.Stage, t.StageNumber, t.StageCount, t.Percent, t.Targets.Select(ToView).ToList()) : null,
    };

    private static TargetTrafficView ToView(TargetTraffic t) => new(t.Target, t.Percent, t.Text, (PlanStrategy)(int)t.Strategy);

    private static RemediationView ToView(RemediationEntry e) => new(
        e.ReleaseId, e.Service, e.Version, e.Kind, e.Automatic, e.RequestedBy, e.Reason, e.FaultAt, e.RequestedAt, e.SettledAt, e.Outcome,
        e.SecondsToSettled, e.Seq);

    private static AlertView ToView(AlertEntry a) => new(
        a.Id, a.ReceivedAt, a.Status, a.Service, a.AlertName, a.Fingerprint, a.Releases.Select(x => new AlertActionView(x.ReleaseId, x.Action, x.Seq)).ToList());
}
