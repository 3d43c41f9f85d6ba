using System.Data.Common;
using PortalRelease.Portal.Cluster;
using PortalRelease.Portal.Health;

namespace PortalRelease.Portal.Data;

/// <summary>
/// Deletes idempotency keys past <see cref="IdempotencyKeyRepository.Retention"/>. Lookups already ignore expired
/// keys; the sweep only keeps the table from growing, so an hourly pass is plenty and a failed one loses nothing. In a
/// cluster one elected node sweeps.
/// </summary>
public sealed class IdempotencyKeySweeper(
    IdempotencyKeyRepository keys, ClusterSingleton singleton, BackgroundServiceHealth health, TimeProvider time, ILogger<IdempotencyKeySweeper> logger)
    : SupervisedBackgroundService(health, time, logger)
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    public override string ServiceName => "idempotency-key-sweeper";

    protected override Task RunAsync(CancellationToken stoppingToken) => singleton.RunAsync(ServiceName, SweepEveryIntervalAsync, Standby, Elected, stoppingToken);

    private async Task SweepEveryIntervalAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, Time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await SweepAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One pass; returns how many keys were deleted (0 when the database refused, which is logged).</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var deleted = await keys.SweepAsync(Time.GetUtcNow(), cancellationToken);
            Running();
            if (deleted > 0)
            {
                logger.LogInformation("Swept {Count} expired idempotency keys", deleted);
            }
            return deleted;
        }
        catch (DbException error)
        {
            Failed(error);
            logger.LogWarning(error, "Sweeping expired idempotency keys failed; retrying in {Interval}", Interval);
            return 0;
        }
    }
}
