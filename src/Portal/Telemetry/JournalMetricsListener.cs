using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Health;
using PortalRelease.Portal.Live;
using PortalRelease.Portal.Releases;
using PortalRelease.Portal.Releases.Journal;

namespace PortalRelease.Portal.Telemetry;

/// <summary>
/// Derives the portal's metrics from the one event stream fed by the journal, so no engine code records a
/// second account of what happened: every figure here follows from committed journal events.
/// </summary>
public sealed class JournalMetricsListener(
    ReleaseEventStream stream, ReleaseRepository releases, PortalMeters meters, BackgroundServiceHealth health, TimeProvider time, ILogger<JournalMetricsListener> logger)
    : JournalStreamService(stream, health, time, logger)
{
    private readonly ConcurrentDictionary<string, Lifecycle> _states = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _intendedAt = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Release, int Step), DateTimeOffset> _lastMeasurementAt = new();

    private static readonly Lifecycle[] States = Enum.GetValues<Lifecycle>();
    private static readonly string[] StateNames = States.Select(s => s.ToString()).ToArray();

    private bool _observing;

    public override string ServiceName => "journal-metrics-listener";

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        foreach (var (id, state) in await releases.ListStatesAsync(stoppingToken))
        {
            _states.TryAdd(id, Enum.TryParse<Lifecycle>(state, out var parsed) ? parsed : Lifecycle.Proposed);
        }
        if (!_observing)
        {
            _observing = true;
            meters.ObserveReleasesByState(CountByState);
        }
        Running();
        try
        {
            await foreach (var journalEvent in Events.ReadAllAsync(stoppingToken))
            {
                Record(journalEvent);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        logger.LogDebug("Journal metrics listener stopped");
    }

    /// <summary>
    /// Every state, zeros included: exporters keep a series they saw once, so a state left out when its last release
    /// moves on would go on reporting its old count (or vanish) instead of saying none.
    /// </summary>
    private IEnumerable<Measurement<long>> CountByState()
    {
        var counts = new long[States.Length];
        foreach (var state in _states.Values)
        {
            // A state parsed from a number (Enum.TryParse accepts "42") is no state to report.
            if (Array.IndexOf(States, state) is var index and >= 0)
            {
                counts[index]++;
            }
        }
        for (var i = 0; i < States.Length; i++)
        {
            yield return new Measurement<long>(counts[i], new KeyValuePair<string, object?>("state", StateNames[i]));
        }
    }

    private void Record(JournalEvent e)
    {
        meters.JournalEvents.Add(1, new KeyValuePair<string, object?>("type", e.Type));
        switch (e.Type)
        {
            case nameof(ReleaseCreated):
                _states[e.ReleaseId] = Lifecycle.Proposed;
                break;
            case nameof(StateChanged):
                var changed = e.Payload<StateChanged>();
                _states[e.ReleaseId] = changed.To;
                meters.Transitions.Add(1, new KeyValuePair<string, object?>("state", changed.To.ToString()));
                if (changed.To is Lifecycle.RolledBack or Lifecycle.Aborted)
                {
                    meters.Rollbacks.Add(1, new KeyValuePair<string, object?>("kind", changed.To.ToString()));
                }
                break;
            case nameof(ActionIntended):
                _intendedAt[e.Payload<ActionIntended>().Key] = e.At;
                break;
            case nameof(ActionDone) or nameof(ActionFailed):
                RecordDriverCall(e);
                break;
            case nameof(MeasurementTaken):
                // A round is decidable once its last measurement is available.
                var measurement = e.Payload<MeasurementTaken>();
                var availableAt = measurement.AvailableAt ?? e.At;
                _lastMeasurementAt.AddOrUpdate((e.ReleaseId, measurement.Index), availableAt, (_, seen) => seen > availableAt ? seen : availableAt);
                break;
            case nameof(AnalysisVerdict):
                var verdict = e.Payload<AnalysisVerdict>();
                meters.Decisions.Add(1, new KeyValuePair<string, object?>("verdict", verdict.Verdict.ToString()));
                // From the moment the deciding measurement's queries returned to the moment the committed verdict
                // reaches this stream: queueing, group commit and publication all count.
                if (_lastMeasurementAt.TryRemove((e.ReleaseId, verdict.Index), out var measuredAt))
                {
                    meters.DecisionLatency.Record(Math.Max(0, (Time.GetUtcNow() - measuredAt).TotalSeconds));
                }
                break;
            default:
                break;
        }
    }

    private void RecordDriverCall(JournalEvent e)
    {
        var (key, outcome) = e.Type == nameof(ActionDone)
            ? (e.Payload<ActionDone>().Key, e.Payload<ActionDone>().Outcome)
            : (e.Payload<ActionFailed>().Key, "Failed");
        if (_intendedAt.TryRemove(key, out var intendedAt))
        {
            var action = key.Contains("/rollback-", StringComparison.Ordinal) ? "rollback" : "apply";
            meters.DriverCallDuration.Record(
                (e.At - intendedAt).TotalSeconds,
                new KeyValuePair<string, object?>("action", action),
                new KeyValuePair<string, object?>("outcome", outcome));
        }
    }
}
