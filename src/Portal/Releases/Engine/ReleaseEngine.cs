using PortalRelease.Portal.Cluster;
using PortalRelease.Portal.Releases.Journal;
using System.Diagnostics;
using PortalRelease.Portal.Plugins;

namespace PortalRelease.Portal.Releases.Engine;

/// <summary>
/// Keeps one runner per unsettled release this node drives. On a single node (SQLite) that is every release: at start it
/// resumes every release the journal shows unfinished, which is how a crash loses nothing, and commands wake the
/// release's runner, starting one if none runs. In a cluster a runner starts only under a lease the node took
/// (<see cref="Cluster.ReleaseOwnership"/>); <see cref="Cluster.LeaseKeeper"/> renews the leases, adopts releases nobody
/// drives and wakes runners for events other nodes appended.
/// </summary>
public sealed partial class ReleaseEngine(EngineServices services, PluginCatalog plugins, ILogger<ReleaseEngine> logger) : IHostedService, IDisposable
{
    private Cluster.ReleaseOwnership Ownership => services.Ownership;

    private readonly Dictionary<string, Running> _running = new(StringComparer.Ordinal);
    // Releases whose lease this node is trying to take: one attempt at a time each.
    private readonly HashSet<string> _taking = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private bool _disposed;

    public int RunningCount
    {
        get
        {
            lock (_running)
            {
                return _running.Count;
            }
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        services.Locks.Freed += Notify;
        plugins.EnsureLoaded();
        var unsettled = await services.Releases.ListUnsettledAsync(LifecycleStates.Final, cancellationToken);
        if (unsettled.Count > 0)
        {
            logger.LogInformation("{Count} unfinished releases to resume", unsettled.Count);
        }
        if (Ownership.Clustered)
        {
            // Adopted by whichever nodes take them (LeaseKeeper), not all here. The lines stay as the database has them:
            // rebuilding them here from journals read a moment ago would put back the claims of a release that settled
            // on another node meanwhile, and nothing would free those again. Each runner puts its own release back in
            // line when it takes it, under its lease.
            return;
        }
        // The line for each target is rebuilt before any runner starts, so none can jump it after a crash.
        await RebuildLocksAsync(unsettled, cancellationToken);
        foreach (var id in unsettled)
        {
            Notify(id);
        }
    }

    /// <summary>The holds of the runners this node runs: what it renews.</summary>
    public IReadOnlyList<Cluster.ReleaseHold> Holds
    {
        get
        {
            lock (_running)
            {
                return _running.Values.Select(r => r.Runner.Hold).ToList();
            }
        }
    }

    /// <summary>The last sequence number each runner has seen, by release.</summary>
    public IReadOnlyDictionary<string, long> KnownSeqs()
    {
        lock (_running)
        {
            return _running.ToDictionary(r => r.Key, r => r.Value.Runner.KnownSeq, StringComparer.Ordinal);
        }
    }

    /// <summary>
    /// Wakes the release's runner, starting one if none is running — on a single node at once; in a cluster once this
    /// node has taken the release's lease (if another node holds it, that node's runner sees the events instead).
    /// </summary>
    public void Notify(string releaseId)
    {
        lock (_running)
        {
            if (_stopping.IsCancellationRequested)
            {
                return;
            }
            if (_running.TryGetValue(releaseId, out var existing))
            {
                existing.Runner.Signal();
                return;
            }
            if (!Ownership.Clustered)
            {
                StartLocked(new Cluster.ReleaseHold(releaseId, null));
                return;
            }
            if (!_taking.Add(releaseId))
            {
                return;
            }
        }
        using (ExecutionContext.SuppressFlow())
        {
            _ = Task.Run(() => TakeAsync(releaseId));
        }
    }

    /// <summary>Takes the release's lease if nobody holds it and starts its runner; false when another node drives it.</summary>
    public async Task<bool> TakeAsync(string releaseId)
    {
        Cluster.ReleaseHold? hold = null;
        try
        {
            hold = await Ownership.TryTakeAsync(releaseId, _stopping.Token);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            logger.LogWarning(error, "Could not take the lease of release {ReleaseId}; it is tried again at the next poll", releaseId);
        }
        catch (OperationCanceledException)
        {
        }
        lock (_running)
        {
            _taking.Remove(releaseId);
            if (hold is null)
            {
                return false;
            }
            if (!_stopping.IsCancellationRequested && !_running.ContainsKey(releaseId))
            {
                StartLocked(hold);
                return true;
            }
        }
        // Stopping meanwhile: hand it straight back.
        await HandBackAsync(hold);
        return false;
    }

    /// <summary>Another node took the release over: its runner here stops at once, without another append.</summary>
    public void Lost(string releaseId)
    {
        lock (_running)
        {
            if (_running.TryGetValue(releaseId, out var running))
            {
                logger.LogWarning("Release {ReleaseId}'s lease was taken over; its runner on this node stops", releaseId);
                running.Lost.Cancel();
            }
        }
    }

    private void StartLocked(Cluster.ReleaseHold hold)
    {
        // The runner outlives the request that woke it by minutes or days: it takes nothing from the request's
        // context (its span, its log scopes) and keeps only a link to the span that caused it.
        var runner = new ReleaseRunner(hold, services, Activity.Current?.Context);
        var lost = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        Task task;
        using (ExecutionContext.SuppressFlow())
        {
            task = Task.Run(() => RunAsync(runner, lost));
        }
        _running[hold.ReleaseId] = new Running(runner, task, lost);
    }

    private async Task RunAsync(ReleaseRunner runner, CancellationTokenSource lost)
    {
        var settled = false;
        try
        {
            await runner.RunAsync(lost.Token);
            if (runner.IsSettled)
            {
                settled = true;
                await FreeTargetsAsync(runner);
                await Ownership.SettledAsync(runner.Hold);
            }
        }
        catch (OperationCanceledException) when (lost.IsCancellationRequested)
        {
        }
        catch (LeaseLostException error)
        {
            logger.LogWarning("Release {ReleaseId} stopped on this node: {Reason}", runner.ReleaseId, error.Message);
        }
        catch (Exception error)
        {
            logger.LogError(error, "The runner of release {ReleaseId} stopped unexpectedly; it resumes at the next start or command", runner.ReleaseId);
        }
        finally
        {
            if (!settled && Ownership.Clustered)
            {
                // Stopped without settling (shutdown, a lost or doubtful lease, a crash of the runner): the lease goes back
                // at once so any node — this one included — adopts the release; a no-op when it was taken over already.
                await HandBackAsync(runner.Hold);
            }
            lock (_running)
            {
                _running.Remove(runner.ReleaseId);
                // A command that arrived while the runner was settling must not be lost.
                if (runner.HasPendingSignal && !_stopping.IsCancellationRequested && !lost.IsCancellationRequested)
                {
                    Notify(runner.ReleaseId);
                }
            }
            lost.Dispose();
        }
    }

    private async Task HandBackAsync(Cluster.ReleaseHold hold)
    {
        try
        {
            await Ownership.HandBackAsync(hold, CancellationToken.None);
        }
        catch (Exception error)
        {
            // The lease then runs out by itself and the release is adopted a little later.
            logger.LogWarning(error, "Could not hand back the lease of release {ReleaseId}", hold.ReleaseId);
        }
    }

    private sealed record Running(ReleaseRunner Runner, Task Task, CancellationTokenSource Lost);

    public void Dispose()
    {
        services.Locks.Freed -= Notify;
        // The host may dispose the engine while a second StopAsync is still running (a test host stops twice):
        // cancel first, under the lock, so nothing starts afterwards and StopAsync never touches a disposed source.
        lock (_running)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            _stopping.Cancel();
        }
        _stopping.Dispose();
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Task[] tasks;
        lock (_running)
        {
            if (!_disposed)
            {
                _stopping.Cancel();
            }
            tasks = _running.Values.Select(r => r.Task).ToArray();
        }
        await Task.WhenAll(tasks).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }
}
