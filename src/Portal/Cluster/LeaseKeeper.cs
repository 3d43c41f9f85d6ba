using System.Diagnostics;
using Microsoft.Extensions.Options;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Health;
using PortalRelease.Portal.Plugins;
using PortalRelease.Portal.Releases.Engine;

namespace PortalRelease.Portal.Cluster;

/// <summary>
/// A cluster node's side of the leases, every poll interval: beats its heart (with the plugins it runs), renews the
/// leases of the releases it drives every third of the lease time (stopping the runners of any taken over), wakes runners
/// whose release got events from other nodes, and adopts releases nobody drives — up to its fair share of the cluster's
/// unsettled releases, so work spreads over the nodes and a dead node's releases go to the living.
/// </summary>
public sealed class LeaseKeeper(
    LeasedOwnership ownership,
    ReleaseEngine engine,
    ReleaseLeaseRepository leases,
    ClusterNodeRepository nodes,
    NodeIdentity node,
    PluginCatalog plugins,
    Live.ReleaseEventStream stream,
    IOptions<ClusterOptions> options,
    BackgroundServiceHealth health,
    TimeProvider time,
    ILogger<LeaseKeeper> logger) : SupervisedBackgroundService(health, time, logger)
{
    private readonly ClusterOptions _options = options.Value;
    private long _lastRenewal = long.MinValue;

    public override string ServiceName => "lease-keeper";

    /// <summary>Polls completed: lets tests and the bench wait for one.</summary>
    public long Polls { get; private set; }

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.PollInterval, Time);
        do
        {
            await PollAsync(stoppingToken);
            Running();
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        if (_lastRenewal == long.MinValue || Stopwatch.GetElapsedTime(_lastRenewal) >= _options.LeaseTime / 3)
        {
            var started = Stopwatch.GetTimestamp();
            await nodes.HeartbeatAsync(node.Id, node.Host, node.ProcessId, Version, PluginHashes(), cancellationToken);
            foreach (var lost in await ownership.RenewAsync(engine.Holds, cancellationToken))
            {
                engine.Lost(lost.ReleaseId);
            }
            _lastRenewal = started;
        }
        await WakeAsync(cancellationToken);
        await AdoptAsync(cancellationToken);
        Polls++;
    }

    /// <summary>
    /// Signals each runner whose release has events this node never delivered (a command given on another node whose
    /// notification was lost): the safety net under the follower. Events delivered here but not yet folded (the runner's
    /// own sampler's, one in flight) need no signal; the runner reads what was delivered when it next wakes.
    /// </summary>
    private async Task WakeAsync(CancellationToken cancellationToken)
    {
        var known = engine.KnownSeqs();
        foreach (var (releaseId, seq) in await leases.LastSeqsAsync(known.Keys.ToList(), cancellationToken))
        {
            if (known.TryGetValue(releaseId, out var seen) && seq > seen && seq > stream.Latest(releaseId, seen))
            {
                engine.Notify(releaseId);
            }
        }
    }

    private async Task AdoptAsync(CancellationToken cancellationToken)
    {
        var adoptable = await leases.ListAdoptableAsync(200, cancellationToken);
        if (adoptable.Count == 0)
        {
            return;
        }
        var alive = await nodes.CountAliveAsync(_options.LeaseTime, cancellationToken);
        var share = AdoptionShare(engine.Holds.Count, adoptable.Count, alive);
        // Shuffled, so nodes polling at the same moment mostly reach for different releases.
        foreach (var releaseId in adoptable.OrderBy(_ => Random.Shared.Next()).Take(share))
        {
            await engine.TakeAsync(releaseId);
        }
    }

    /// <summary>
    /// How many of <paramref name="adoptable"/> releases this node takes in one poll, driving <paramref name="held"/>
    /// among <paramref name="alive"/> nodes: at least an even share of them, so a failover takes a poll or two however
    /// busy the survivors already are (one each per poll made 24 orphans wait 12 s past their leases); more when this
    /// node drives less than an even share of everything, so work spreads onto a node that just joined. Never less than
    /// one: a lone survivor takes all.
    /// </summary>
    internal static int AdoptionShare(int held, int adoptable, int alive)
    {
        alive = Math.Max(1, alive);
        var ofTheOrphans = (int)Math.Ceiling(adoptable / (double)alive);
        var toEven = (int)Math.Ceiling((held + adoptable) / (double)alive) - held;
        return Math.Max(1, Math.Max(ofTheOrphans, toEven));
    }

    private string PluginHashes() => Cluster.PluginHashes.Serialize(plugins.Plugins);

    private static readonly string Version = typeof(LeaseKeeper).Assembly.GetName().Version?.ToString() ?? "0";

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await nodes.StoppedAsync(node.Id, cancellationToken);
        }
        catch (Exception error) when (error is System.Data.Common.DbException or OperationCanceledException)
        {
            logger.LogWarning(error, "Could not record that node {NodeId} stopped", node.Id);
        }
    }
}
