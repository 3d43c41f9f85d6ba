using PortalRelease.Plugins.Sandbox.Ledger;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Sandbox.Fleet;

/// <summary>
/// One simulated target: its ledger and the timeline replayed from it. The ledger is read once, on first use;
/// afterwards every action is written to the ledger first and only then applied in memory, under a lock,
/// so memory never holds a change the disk does not.
/// </summary>
internal sealed class TargetFleet
{
    private readonly Lock _gate = new();
    private readonly SandboxLedger _ledger;
    private readonly Dictionary<string, LedgerEntry> _appliedByKey = new(StringComparer.Ordinal);
    private FleetTimeline _timeline = FleetTimeline.Empty;
    private bool _loaded;

    public TargetFleet(string targetName, SandboxLedger ledger)
    {
        TargetName = targetName;
        _ledger = ledger;
    }

    public string TargetName { get; }

    public string LedgerPath => _ledger.FilePath;

    /// <summary>The fleet's history so far; an immutable snapshot.</summary>
    public FleetTimeline Timeline
    {
        get
        {
            lock (_gate)
            {
                return Guard(() =>
                {
                    EnsureLoaded();
                    return _timeline;
                });
            }
        }
    }

    /// <summary>
    /// Records an action: appends it to the ledger as <c>applied</c> and moves the fleet to the state it yields, or,
    /// when its key was applied before, appends it as <c>duplicate</c> and changes nothing.
    /// </summary>
    /// <param name="action">The action with any placeholder time and outcome; both are set here.</param>
    /// <param name="at">When the action happens.</param>
    public ActionRecord Record(LedgerEntry action, DateTimeOffset at)
    {
        lock (_gate)
        {
            return Guard(() =>
            {
                EnsureLoaded();
                if (_appliedByKey.TryGetValue(action.Key, out var original))
                {
                    _ledger.Append(action with { At = at, Outcome = LedgerOutcomes.Duplicate });
                    return new ActionRecord(Duplicate: true, original, _timeline.Current);
                }

                var entry = action with { At = at, Outcome = LedgerOutcomes.Applied };
                _ledger.Append(entry);
                Accept(entry);
                return new ActionRecord(Duplicate: false, entry, _timeline.Current);
            });
        }
    }

    /// <summary>Turns file-system failures into errors the portal can show (and retry, when they may pass).</summary>
    private T Guard<T>(Func<T> body)
    {
        try
        {
            return body();
        }
        catch (IOException ex)
        {
            throw new DriverException($"Could not use the sandbox ledger of target '{TargetName}' ({_ledger.FilePath}): {ex.Message}", ex) { IsTransient = true };
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new DriverException($"Could not use the sandbox ledger of target '{TargetName}' ({_ledger.FilePath}): {ex.Message}", ex);
        }
    }

    private void EnsureLoaded()
    {
        if (_loaded)
        {
            return;
        }

        foreach (var entry in _ledger.ReadAll())
        {
            // Only applied lines change the fleet; a key seen twice as applied (never written by this driver) counts once.
            if (entry.IsApplied && !_appliedByKey.ContainsKey(entry.Key))
            {
                Accept(entry);
            }
        }

        _loaded = true;
    }

    private void Accept(LedgerEntry entry)
    {
        _appliedByKey[entry.Key] = entry;
        _timeline = _timeline.With(entry.At, _timeline.Current.After(entry));
    }
}

/// <summary>The result of <see cref="TargetFleet.Record"/>.</summary>
/// <param name="Duplicate">Whether the key had been applied before.</param>
/// <param name="Entry">The applied entry: this call's, or the original one for a duplicate.</param>
/// <param name="State">The fleet's state afterwards.</param>
internal sealed record ActionRecord(bool Duplicate, LedgerEntry Entry, FleetState State);
