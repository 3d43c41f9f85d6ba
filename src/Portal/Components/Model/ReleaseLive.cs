using PortalRelease.Portal.Data;
using PortalRelease.Portal.Releases;
using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Components.Model;

/// <summary>
/// What the release page shows: the snapshot it loaded, then every event of the change feed folded into the same
/// <see cref="ReleaseView"/> the engine uses, the timeline and the chart samples. Never reloads from scratch.
/// </summary>
public sealed class ReleaseLive
{
    private readonly TimelineText _text;
    private readonly List<TimelineEntry> _timeline = [];

    public ReleaseLive(ReleaseDetails snapshot)
    {
        Record = snapshot.Record;
        Plan = snapshot.Plan;
        View = snapshot.View;
        SnapshotSeq = snapshot.View.LastSeq;
        Traffic = new TrafficShares(Plan, Record.Version);
        _text = new TimelineText(Plan);
        Metadata = snapshot.Events.FirstOrDefault(e => e.Type == nameof(ReleaseCreated))?.Payload<ReleaseCreated>().Metadata;
        foreach (var e in snapshot.Events)
        {
            Add(e);
        }
    }

    public ReleaseRecord Record { get; }

    public ReleasePlan Plan { get; }

    public ReleaseView View { get; }

    /// <summary>Team, service, commit and build times and what it fixes, as recorded at creation; null for older releases.</summary>
    public ReleaseMetadata? Metadata { get; }

    /// <summary>The last sequence number of the snapshot; everything after it came from the change feed.</summary>
    public long SnapshotSeq { get; }

    /// <summary>Oldest first.</summary>
    public IReadOnlyList<TimelineEntry> Timeline => _timeline;

    public MetricsHistory Metrics { get; } = new();

    /// <summary>The whole release's telemetry and deployment markers, for the flight recorder's chart.</summary>
    public FlightLog Flight { get; } = new();

    /// <summary>Each target's traffic in the words of its strategy, for the traffic panel.</summary>
    public TrafficShares Traffic { get; }

    public void Apply(IEnumerable<JournalEvent> events)
    {
        foreach (var e in events)
        {
            if (e.Seq <= View.LastSeq)
            {
                continue;
            }
            View.Apply(e);
            Add(e);
        }
    }

    /// <summary>Every target of the plan, each once, in plan order.</summary>
    public IEnumerable<string> Targets => Plan.Stages.SelectMany(s => s.Targets).Distinct(StringComparer.Ordinal);

    private void Add(JournalEvent e)
    {
        _timeline.Add(_text.Describe(e));
        Flight.Add(e);
        Traffic.Add(e);
        if (e.Type == nameof(MetricsSampled))
        {
            Metrics.Add(e.At, e.Payload<MetricsSampled>());
        }
    }
}
