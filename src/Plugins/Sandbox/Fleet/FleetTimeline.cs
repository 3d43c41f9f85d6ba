namespace PortalRelease.Plugins.Sandbox.Fleet;

/// <summary>
/// Every state a fleet has been in, with the moment each took effect, rebuilt from the ledger. Metrics read the
/// state in effect at each simulated second, so a past window gives the same answer after later changes.
/// Immutable: a change produces a new timeline, so readers can use a snapshot without locking.
/// </summary>
internal sealed class FleetTimeline
{
    private readonly DateTimeOffset[] _from;
    private readonly FleetState[] _states;

    private FleetTimeline(DateTimeOffset[] from, FleetState[] states)
    {
        _from = from;
        _states = states;
    }

    public static FleetTimeline Empty { get; } = new([], []);

    /// <summary>The state now (after the last change).</summary>
    public FleetState Current => _states.Length == 0 ? FleetState.Empty : _states[^1];

    /// <summary>A timeline with one more state, effective from <paramref name="at"/>. A clock that went backwards is
    /// clamped to the previous change so the timeline stays ordered as the ledger is.</summary>
    public FleetTimeline With(DateTimeOffset at, FleetState state)
    {
        if (_from.Length > 0 && at < _from[^1])
        {
            at = _from[^1];
        }

        return new FleetTimeline([.. _from, at], [.. _states, state]);
    }

    /// <summary>The state in effect at <paramref name="instant"/>: the last change at or before it.</summary>
    public FleetState StateAt(DateTimeOffset instant)
    {
        var index = Array.BinarySearch(_from, instant);
        if (index < 0)
        {
            index = ~index - 1;
        }
        else
        {
            // Several changes at the same instant: the last one wins.
            while (index + 1 < _from.Length && _from[index + 1] == instant)
            {
                index++;
            }
        }

        return index < 0 ? FleetState.Empty : _states[index];
    }
}
