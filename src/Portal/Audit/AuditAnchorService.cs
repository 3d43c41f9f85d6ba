using PortalRelease.Portal.Cluster;
using PortalRelease.Portal.Health;

namespace PortalRelease.Portal.Audit;

/// <summary>
/// Checks the chains once at start (an error naming the first broken link; the portal starts anyway, so the evidence
/// can be inspected and releases are not held hostage) and anchors their heads every <see cref="Interval"/>. In a cluster
/// every node checks at its start (each shows its own report), and one elected node anchors: the heads are the
/// database's, the same for every node.
/// </summary>
public sealed class AuditAnchorService(
    AuditVerifier verifier, AuditAnchors anchors, ClusterSingleton singleton, BackgroundServiceHealth health, TimeProvider time, ILogger<AuditAnchorService> logger)
    : SupervisedBackgroundService(health, time, logger)
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    private bool _checked;

    public override string ServiceName => "audit-anchor";

    /// <summary>The start check's report, once it ran.</summary>
    public AuditVerifyReport? StartCheck { get; private set; }

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        if (!_checked)
        {
            StartCheck = await verifier.VerifyAsync(stoppingToken);
            _checked = true;
            if (StartCheck.FirstProblem is { } problem)
            {
                logger.LogError("The audit trail does not verify: {Problem}. The portal starts anyway; see GET /api/audit/verify and docs/operations.md", problem);
            }
            else
            {
                logger.LogInformation("Audit trail verified at start: {Rows} rows in {ElapsedMs:0} ms",
                    StartCheck.Chains.Sum(c => c.RowsChecked), StartCheck.ElapsedMs);
            }
        }
        await singleton.RunAsync(ServiceName, AnchorEveryIntervalAsync, Standby, Elected, stoppingToken);
    }

    private async Task AnchorEveryIntervalAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, Time);
        do
        {
            await anchors.AnchorAsync(stoppingToken);
            Running();
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
