using System.Diagnostics;
using PortalRelease.Portal.Plugins;

namespace PortalRelease.Portal.Releases.Engine;

/// <summary>
/// Keeps one runner per unsettled release. At start it resumes every release the journal shows unfinished,
/// which is how a crash loses nothing; commands wake the release's runner, starting one if none runs.
/// </summary>
public sealed partial class ReleaseEngine(EngineServices services, PluginCatalog plugins, ILogger<ReleaseEngine> logger) : IHostedService, IDisposable
{
    private static readonly string[] FinalStates = [nameof(Lifecycle.Promoted), nameof(Lifecycle.RolledBack), nameof(Lifecycle.Aborted), nameof(Lifecycle.Failed)];

    private readonly Dictionary<string, (ReleaseRunner Runner, Task Task)> _running = new(StringComparer.Ordinal);
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
        plugins.EnsureLoaded();
        var unsettled = await services.Releases.ListUnsettledAsync(FinalStates, cancellationToken);
        if (unsettled.Count > 0)
        {
            logger.LogInformation("Resuming {Count} unfinished releases", unsettled.Count);
        }
        // The line for each target is rebuilt before any runner starts, so none can jump it after a crash.
        await RebuildLocksAsync(unsettled, cancellationToken);
        foreach (var id in unsettled)
        {
            Notify(id);
        }
    }

    /// <summary>Wakes the release's runner, starting one if none is running.</summary>
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
            // The runner outlives the request that woke it by minutes or days: it takes nothing from the request's
            // context (its span, its log scopes) and keeps only a link to the span that caused it.
            var runner = new ReleaseRunner(releaseId, services, Activity.Current?.Context);
            Task task;
            using (ExecutionContext.SuppressFlow())
            {
                task = Task.Run(() => RunAsync(runner));
            }
            _running[releaseId] = (runner, task);
        }
    }

    private async Task RunAsync(ReleaseRunner runner)
    {
        try
        {
            await runner.RunAsync(_stopping.Token);
            if (runner.IsSettled)
            {
                await FreeTargetsAsync(runner.ReleaseId);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
        }
        catch (Exception error)
        {
            logger.LogError(error, "The runner of release {ReleaseId} stopped unexpectedly; it resumes at the next start or command", runner.ReleaseId);
        }
        finally
        {
            lock (_running)
            {
                _running.Remove(runner.ReleaseId);
                // A command that arrived while the runner was settling must not be lost.
                if (runner.HasPendingSignal && !_stopping.IsCancellationRequested)
                {
                    Notify(runner.ReleaseId);
                }
            }
        }
    }

    public void Dispose()
    {
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
