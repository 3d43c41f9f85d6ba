using Microsoft.Data.Sqlite;

namespace PortalRelease.Portal.Data;

/// <summary>
/// Deletes idempotency keys past <see cref="IdempotencyKeyRepository.Retention"/>. Lookups already ignore expired
/// keys; the sweep only keeps the table from growing, so an hourly pass is plenty and a failed one loses nothing.
/// </summary>
public sealed class IdempotencyKeySweeper(IdempotencyKeyRepository keys, TimeProvider time, ILogger<IdempotencyKeySweeper> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
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
            var deleted = await keys.SweepAsync(time.GetUtcNow(), cancellationToken);
            if (deleted > 0)
            {
                logger.LogInformation("Swept {Count} expired idempotency keys", deleted);
            }
            return deleted;
        }
        catch (SqliteException error)
        {
            logger.LogWarning(error, "Sweeping expired idempotency keys failed; retrying in {Interval}", Interval);
            return 0;
        }
    }
}
