using System.Data.Common;
using System.Diagnostics;
using Microsoft.Extensions.Options;
using PortalRelease.Portal.Data;

namespace PortalRelease.Portal.Cluster;

/// <summary>
/// Elects the node that runs a singleton by a lease row (<see cref="ClusterSingletonRepository"/>), not by a session
/// advisory lock: a lock held on a connection goes away with a dead node's connection, but a frozen node (SIGSTOP, a long
/// pause) keeps its connection and its lock until TCP gives up, minutes later; a row with an expiry judged by the
/// database's clock is taken over within the lease time either way, as the release leases are. The holder renews every
/// third of the lease and stops its work once a renewal says the row is someone else's, or once it could not renew for
/// four fifths of the lease (it may have lost it unseen).
/// </summary>
public sealed class LeasedSingleton(
    ClusterSingletonRepository singletons,
    NodeIdentity node,
    IOptions<ClusterOptions> options,
    TimeProvider time,
    ILogger<LeasedSingleton> logger) : ClusterSingleton
{
    private readonly TimeSpan _leaseTime = options.Value.LeaseTime;
    private readonly TimeSpan _poll = options.Value.PollInterval;

    public override async Task RunAsync(string name, Func<CancellationToken, Task> work, Action standby, Action elected, CancellationToken stoppingToken)
    {
        while (true)
        {
            stoppingToken.ThrowIfCancellationRequested();
            var takenAt = Stopwatch.GetTimestamp();
            if (await singletons.TryAcquireAsync(name, node.Id, _leaseTime, stoppingToken) is not { } epoch)
            {
                standby();
                await Task.Delay(_poll, time, stoppingToken);
                continue;
            }
            logger.LogInformation("Node {NodeId} runs {Singleton} (epoch {Epoch})", node.Id, name, epoch);
            elected();
            using var holding = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            using var done = new CancellationTokenSource();
            var keeping = KeepAsync(name, epoch, takenAt, holding, done.Token);
            try
            {
                await work(holding.Token);
                if (!holding.IsCancellationRequested)
                {
                    return;
                }
            }
            catch (OperationCanceledException) when (holding.IsCancellationRequested && !stoppingToken.IsCancellationRequested)
            {
            }
            finally
            {
                await done.CancelAsync();
                await keeping;
                await GiveUpAsync(name, epoch);
            }
            if (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Node {NodeId} lost {Singleton} (epoch {Epoch}); standing by", node.Id, name, epoch);
            }
        }
    }

    private async Task KeepAsync(string name, long epoch, long takenAt, CancellationTokenSource holding, CancellationToken done)
    {
        var renewedAt = takenAt;
        using var timer = new PeriodicTimer(_leaseTime / 3, time);
        try
        {
            while (await timer.WaitForNextTickAsync(done))
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    if (await singletons.RenewAsync(name, node.Id, epoch, _leaseTime, done))
                    {
                        renewedAt = started;
                        continue;
                    }
                }
                catch (DbException error) when (Stopwatch.GetElapsedTime(renewedAt) < _leaseTime - (_leaseTime / 5))
                {
                    logger.LogWarning(error, "Renewing {Singleton} failed; trying again", name);
                    continue;
                }
                catch (DbException error)
                {
                    logger.LogWarning(error, "Renewing {Singleton} failed for most of its lease; stopping it here", name);
                }
                await holding.CancelAsync();
                return;
            }
        }
        catch (OperationCanceledException) when (done.IsCancellationRequested)
        {
        }
    }

    private async Task GiveUpAsync(string name, long epoch)
    {
        try
        {
            // Not cancellable: the node is stopping, and handing back at once is the point.
            await singletons.GiveUpAsync(name, node.Id, epoch, CancellationToken.None);
        }
        catch (DbException error)
        {
            logger.LogWarning(error, "Handing back {Singleton} failed; another node takes it when the lease runs out", name);
        }
    }
}
