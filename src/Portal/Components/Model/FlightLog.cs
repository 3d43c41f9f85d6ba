using PortalRelease.Portal.Releases;
using PortalRelease.Portal.Releases.Journal;

namespace PortalRelease.Portal.Components.Model;

/// <summary>
/// A deployment marker on the flight recorder's chart: <see cref="Kind"/> is weight (any traffic move short of all of
/// it), promote (a target's traffic all on the new version, or the release promoted), rollback, pause, resume or incident.
/// </summary>
public sealed record FlightMarker(long Seq, DateTimeOffset At, string Kind, string Label);

/// <summary>One telemetry sample of one target, as the chart draws it.</summary>
public sealed record FlightPoint(DateTimeOffset At, string Target, double? CanaryErrorRate, double? BaselineErrorRate, double? CanaryP95, double? BaselineP95);

/// <summary>
/// What the flight recorder's chart draws, folded from the same events as the timeline: every telemetry sample
/// (not a window, so the chart spans the whole release) and the deployment markers to overlay on it.
/// </summary>
public sealed class FlightLog
{
    private readonly Dictionary<string, ActionIntended> _intended = new(StringComparer.Ordinal);
    private readonly List<FlightMarker> _markers = [];
    private readonly List<FlightPoint> _points = [];

    public DateTimeOffset? Start { get; private set; }

    public DateTimeOffset? End { get; private set; }

    public IReadOnlyList<FlightMarker> Markers => _markers;

    public IReadOnlyList<FlightPoint> Points => _points;

    public void Add(JournalEvent e)
    {
        Start ??= e.At;
        End = e.At;
        switch (e.Type)
        {
            case nameof(MetricsSampled):
                var s = e.Payload<MetricsSampled>();
                _points.Add(new FlightPoint(e.At, s.Target, s.Canary.ErrorRate, s.Baseline.ErrorRate, s.Canary.LatencyP95, s.Baseline.LatencyP95));
                break;
            case nameof(ActionIntended):
                var intended = e.Payload<ActionIntended>();
                _intended[intended.Key] = intended;
                break;
            case nameof(ActionDone):
                // A weight counts once the driver confirmed it: that is when traffic moved.
                if (_intended.GetValueOrDefault(e.Payload<ActionDone>().Key) is { Action: "apply" } applied)
                {
                    Mark(e, applied is { Cohort: "stable", Weight: >= 100 } ? "promote" : "weight", Moved(applied));
                }
                break;
            case nameof(StateChanged):
                var to = e.Payload<StateChanged>().To;
                if (to is Lifecycle.Promoted or Lifecycle.RolledBack or Lifecycle.Aborted)
                {
                    Mark(e, to == Lifecycle.Promoted ? "promote" : "rollback", LifecycleDisplay.Label(to));
                }
                break;
            case nameof(RollbackRequested):
                Mark(e, "rollback", "Rollback requested");
                break;
            case nameof(AbortRequested):
                Mark(e, "rollback", "Abort requested");
                break;
            case nameof(Paused):
                Mark(e, "pause", "Paused");
                break;
            case nameof(PauseStarted) when e.Payload<PauseStarted>().Until is null:
                Mark(e, "pause", "Waiting for a person");
                break;
            case nameof(Resumed):
                Mark(e, "resume", "Resumed");
                break;
            case nameof(IncidentOpened):
                Mark(e, "incident", $"Alert {e.Payload<IncidentOpened>().Alert.AlertName}");
                break;
            default:
                break;
        }
    }

    /// <summary>What a confirmed apply did to the traffic, whatever the strategy (cohorts as in <see cref="Sdk.DeploymentStrategy"/>).</summary>
    private static string Moved(ActionIntended a) => a.Cohort switch
    {
        "canary" => $"{a.Weight}% on {a.Target}",
        "mirror" => $"{a.Weight}% mirrored on {a.Target}",
        "preview" => $"{a.Version} preview on {a.Target}",
        "previous" => $"Previous version retired on {a.Target}",
        "stable" when a.Weight < 100 => $"{a.Weight}% of instances on {a.Target}",
        _ => $"All traffic to {a.Version} on {a.Target}",
    };

    private void Mark(JournalEvent e, string kind, string label) => _markers.Add(new FlightMarker(e.Seq, e.At, kind, label));
}
