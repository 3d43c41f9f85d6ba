using System.Threading.Channels;
using PortalRelease.Portal.Health;
using PortalRelease.Portal.Releases.Journal;

namespace PortalRelease.Portal.Live;

/// <summary>
/// A supervised background service that follows every committed journal event. It subscribes as the host starts
/// (<see cref="BackgroundService.ExecuteAsync"/> runs later on a background task, and events published before a
/// subscription existed would be missed), and a restart after a failure keeps that subscription, so it goes on where
/// the failed run stopped.
/// </summary>
public abstract class JournalStreamService(ReleaseEventStream stream, BackgroundServiceHealth health, TimeProvider time, ILogger logger)
    : SupervisedBackgroundService(health, time, logger)
{
    private ReleaseEventStream.Subscription? _subscription;

    /// <summary>The committed events since the host started, in commit order per release.</summary>
    protected ChannelReader<JournalEvent> Events =>
        _subscription?.Reader ?? throw new InvalidOperationException($"{ServiceName} reads events before it started.");

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Each node's services act on what its own writer committed: every event once in the cluster.
        _subscription = stream.Subscribe(localOnly: true);
        return base.StartAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _subscription?.Dispose();
        base.Dispose();
        GC.SuppressFinalize(this);
    }
}
