namespace PortalRelease.Portal.Health;

/// <summary>
/// A background service that outlives its own failures. The host's default (<c>StopHost</c>) ends the whole portal
/// when one background loop throws: one SQLite error in a derived-data projector once took the release engine down
/// with it. Here a failed run is reported to <see cref="BackgroundServiceHealth"/> (so <c>/healthz</c> says which
/// service failed and why) and run again after a delay that doubles up to <see cref="MaxRestartDelay"/>; the service
/// reports itself healthy again with <see cref="Running"/> once it has done real work.
/// </summary>
public abstract class SupervisedBackgroundService(BackgroundServiceHealth health, TimeProvider time, ILogger logger) : BackgroundService
{
    public static readonly TimeSpan FirstRestartDelay = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan MaxRestartDelay = TimeSpan.FromMinutes(1);

    private TimeSpan _restartDelay = FirstRestartDelay;

    /// <summary>The clock restarts wait on; services use it too, so a test's fake time drives both.</summary>
    protected TimeProvider Time { get; } = time;

    /// <summary>How <c>/healthz</c> and the logs name this service, e.g. <c>release-facts-projector</c>.</summary>
    public abstract string ServiceName { get; }

    /// <summary>One run of the service: returns when the service is done, throws when it failed and should run again.</summary>
    protected abstract Task RunAsync(CancellationToken stoppingToken);

    /// <summary>Says the service works (again): clears a reported failure and starts the next restart delay afresh.</summary>
    protected void Running()
    {
        _restartDelay = FirstRestartDelay;
        health.Running(ServiceName);
    }

    /// <summary>Says the service waits while another node of the cluster runs it (<see cref="Cluster.ClusterSingleton"/>).</summary>
    protected void Standby() => health.Standby(ServiceName);

    /// <summary>Says this node took the service over from another: starting here, until it has done real work.</summary>
    protected void Elected() => health.Elected(ServiceName);

    /// <summary>Reports a failure the service recovers from by itself (it keeps running), until it calls <see cref="Running"/>.</summary>
    protected void Failed(Exception error) => health.Failed(ServiceName, error);

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        health.Starting(ServiceName);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunAsync(stoppingToken);
                health.Stopped(ServiceName);
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                var delay = _restartDelay;
                health.Failed(ServiceName, error);
                logger.LogError(error, "Background service {Service} failed; it runs again in {RestartDelay}", ServiceName, delay);
                _restartDelay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRestartDelay.Ticks));
                try
                {
                    await Task.Delay(delay, Time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
