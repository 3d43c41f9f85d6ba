using PortalRelease.Portal.Releases.Journal;

namespace PortalRelease.Portal.Releases;

/// <summary>Target locks and incidents, folded from the same journal as everything else.</summary>
public sealed partial class ReleaseView
{
    private readonly List<IncidentOpened> _incidents = [];
    private readonly HashSet<string> _resolvedFingerprints = new(StringComparer.Ordinal);
    private bool _lockSettled;

    /// <summary>Targets this release locked (empty before it did).</summary>
    public IReadOnlyList<string> LockedTargets { get; private set; } = [];

    /// <summary>Holds its targets: locked them and has not settled since.</summary>
    public bool HoldsTargets => LockedTargets.Count > 0 && !_lockSettled;

    /// <summary>Waiting in line: the release ahead of it and the target they share; null when not queued.</summary>
    public Queued? QueuedBehind { get; private set; }

    public IReadOnlyList<IncidentOpened> Incidents => _incidents;

    /// <summary>Incidents opened on this release whose alert has not been resolved.</summary>
    public IEnumerable<IncidentOpened> OpenIncidents => _incidents.Where(i => !_resolvedFingerprints.Contains(i.Alert.Fingerprint));

    /// <summary>The queued sub-state in words, the same in the API and on the pages.</summary>
    public static string QueuedText(Queued queued) => $"Queued behind {queued.Behind} on {queued.On}";

    private void ApplyOperations(JournalEvent e)
    {
        switch (e.Type)
        {
            case nameof(TargetsLocked):
                LockedTargets = e.Payload<TargetsLocked>().Targets;
                QueuedBehind = null;
                break;
            case nameof(Queued):
                QueuedBehind = e.Payload<Queued>();
                break;
            case nameof(IncidentOpened):
                var opened = e.Payload<IncidentOpened>();
                _incidents.Add(opened);
                _resolvedFingerprints.Remove(opened.Alert.Fingerprint);
                break;
            case nameof(IncidentResolved):
                _resolvedFingerprints.Add(e.Payload<IncidentResolved>().Alert.Fingerprint);
                break;
            default:
                break;
        }
        if (IsFinal)
        {
            // Settled: the targets are free and the line no longer matters, even if a rollback reopens it later.
            _lockSettled = LockedTargets.Count > 0;
            QueuedBehind = null;
        }
    }
}
