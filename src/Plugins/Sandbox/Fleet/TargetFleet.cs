using PortalRelease.Plugins.Sandbox.Ledger;
using PortalRelease.Sdk;

namespace PortalRelease.Plugins.Sandbox.Fleet;

/// <summary>
/// One simulated target: its ledger and the timeline replayed from it. Every action is written to the ledger first and
/// only then applied in memory, so memory never holds a change the ledger does not. With a file ledger this process is
/// the only writer and the file is read once; with the host's shared store other nodes append too, so every read and
/// every action first replays the entries appended since the last one this fleet knows: a node that adopts a release
/// sees the canary another node set, and its metric source simulates from it.
/// </summary>
internal sealed class TargetFleet : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ITargetLedger _ledger;
    private readonly Dictionary<string, LedgerEntry> _appliedByKey = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private FleetTimeline _timeline = FleetTimeline.Empty;
    private long _known;
    // UTC ticks of the last replay's start; read without the gate, so a long, never torn.
    private long _caughtUpAt = long.MinValue;

    public TargetFleet(string targetName, ITargetLedger ledger, TimeProvider time)
    {
        TargetName = targetName;
        _ledger = ledger;
        _time = time;
    }

    public string TargetName { get; }

    /// <summary>The fleet's history so far, with every node's actions; an immutable snapshot.</summary>
    /// <param name="maxAge">
    /// How old the last replay of other nodes' actions may be (this node's own actions are always in): zero for a status
    /// read; the metric source, queried many times a second under analysis, accepts a second rather than read the ledger
    /// on every query.
    /// </param>
    /// <param name="cancellationToken">Cancels the wait for the ledger.</param>
    public Task<FleetTimeline> TimelineAsync(TimeSpan maxAge, CancellationToken cancellationToken) => GuardAsync(async () =>
    {
        var caughtUpAt = Interlocked.Read(ref _caughtUpAt);
        if (maxAge > TimeSpan.Zero && caughtUpAt != long.MinValue && _time.GetUtcNow().UtcTicks - caughtUpAt < maxAge.Ticks)
        {
            return Volatile.Read(ref _timeline);
        }
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await CatchUpAsync(cancellationToken);
            return _timeline;
        }
        finally
        {
            _gate.Release();
        }
    });

    /// <summary>
    /// Records an action: appends it to the ledger as <c>applied</c> and moves the fleet to the state it yields, or,
    /// when its key was applied before (by any node), appends it as <c>duplicate</c> and changes nothing.
    /// </summary>
    /// <param name="action">The action with any placeholder time and outcome; both are set here.</param>
    /// <param name="at">When the action happens.</param>
    /// <param name="cancellationToken">Cancels the wait for the ledger; once written, the action stands.</param>
    public Task<ActionRecord> RecordAsync(LedgerEntry action, DateTimeOffset at, CancellationToken cancellationToken) => GuardAsync(async () =>
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var held = await _ledger.LockAsync(cancellationToken);
            while (true)
            {
                await CatchUpAsync(cancellationToken);
                var duplicate = _appliedByKey.TryGetValue(action.Key, out var original);
                var entry = action with { At = at, Outcome = duplicate ? LedgerOutcomes.Duplicate : LedgerOutcomes.Applied };
                // Past the last write nothing may be cancelled: the action is in the ledger, memory must follow it.
                if (!await _ledger.TryAppendAsync(_known, entry, CancellationToken.None))
                {
                    // Another node took this index (its lock went with its connection): read what it wrote, decide again.
                    continue;
                }
                _known++;
                if (duplicate)
                {
                    return new ActionRecord(Duplicate: true, original!, _timeline.Current);
                }
                Accept(entry);
                return new ActionRecord(Duplicate: false, entry, _timeline.Current);
            }
        }
        finally
        {
            _gate.Release();
        }
    });

    private async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        var started = _time.GetUtcNow().UtcTicks;
        foreach (var (index, entry) in await _ledger.ReadAfterAsync(_known, cancellationToken))
        {
            // Only applied lines change the fleet; a key seen twice as applied (never written by this driver) counts once.
            if (entry is { IsApplied: true } && !_appliedByKey.ContainsKey(entry.Key))
            {
                Accept(entry);
            }
            _known = Math.Max(_known, index + 1);
        }
        Interlocked.Exchange(ref _caughtUpAt, started);
    }

    public void Dispose() => _gate.Dispose();

    private void Accept(LedgerEntry entry)
    {
        _appliedByKey[entry.Key] = entry;
        // Published whole: a metric query may read it without the gate.
        Volatile.Write(ref _timeline, _timeline.With(entry.At, _timeline.Current.After(entry)));
    }

    /// <summary>Turns ledger failures into errors the portal can show (and retry, when they may pass).</summary>
    private async Task<T> GuardAsync<T>(Func<Task<T>> body)
    {
        try
        {
            return await body();
        }
        catch (IOException ex)
        {
            throw new DriverException($"Could not use the sandbox ledger of target '{TargetName}' ({_ledger.Location}): {ex.Message}", ex) { IsTransient = true };
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new DriverException($"Could not use the sandbox ledger of target '{TargetName}' ({_ledger.Location}): {ex.Message}", ex);
        }
        catch (TimeoutException ex)
        {
            throw new DriverException($"Another portal node kept the sandbox ledger of target '{TargetName}' locked: {ex.Message}", ex) { IsTransient = true };
        }
    }
}

/// <summary>The result of <see cref="TargetFleet.RecordAsync"/>.</summary>
/// <param name="Duplicate">Whether the key had been applied before.</param>
/// <param name="Entry">The applied entry: this call's, or the original one for a duplicate.</param>
/// <param name="State">The fleet's state afterwards.</param>
internal sealed record ActionRecord(bool Duplicate, LedgerEntry Entry, FleetState State);
