using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PortalRelease.Portal.Cluster;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Plugins;
using PortalRelease.Portal.Releases;
using PortalRelease.Portal.Releases.Engine;
using PortalRelease.Portal.Telemetry;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Bench;

/// <summary>What one run of the decision workload measured.</summary>
/// <param name="P99Ms">The median of the rounds' 99th percentiles.</param>
/// <param name="DecisionsPerSecond">Verdicts journaled per second, from the first verdict of a round to its last, summed over rounds.</param>
public sealed record DecisionFigures(int Decisions, double P50Ms, double P99Ms, double P99WorstMs, double MaxMs, double DecisionsPerSecond, double ArrivalSeconds);

/// <summary>
/// The <c>decisions</c> workload over one node or several sharing a database: each release canaries on its own Sandbox
/// target (one release per target is the lock rule) and runs two analysis steps of fifteen one-second rounds; a verdict
/// follows the round that decides it. Releases are created round-robin through the nodes. Latency is what each node's
/// own <c>portal.decision.latency</c> histogram records: from the moment the deciding measurement's query returned to the
/// moment the committed verdict reached that node's event stream — group commit, the writer and the stream included,
/// under the load of every other release measuring at the same time.
/// </summary>
public sealed class DecisionWorkload
{
    /// <summary>One analysis step: 15 rounds of 1 s.</summary>
    public const int AnalysisSeconds = 15;

    // The hosted services the workload needs on each node; seeders, notifications and the rest stay off.
    private static readonly Type[] Services = [typeof(JournalMetricsListener), typeof(LeaseKeeper), typeof(ClusterEventFollower)];

    /// <summary>Imports the template, loads the Sandbox and starts the engine on every node.</summary>
    public static async Task<IAsyncDisposable> StartAsync(IReadOnlyList<BenchPortal> nodes)
    {
        foreach (var node in nodes)
        {
            BenchPlugins.InstallSandbox(node.Root);
            node.Get<PluginCatalog>().EnsureLoaded();
        }
        var imported = await nodes[0].Get<TemplateService>().ImportAsync(TemplateYaml, PortalRelease.Portal.Audit.AuditActor.System("bench"));
        if (imported.Errors.Count > 0)
        {
            throw new InvalidOperationException("The bench template is invalid: " + string.Join("; ", imported.Errors));
        }
        var started = new List<IHostedService>();
        foreach (var node in nodes)
        {
            foreach (var service in node.Get<IEnumerable<IHostedService>>().Where(s => Services.Contains(s.GetType())))
            {
                await service.StartAsync(CancellationToken.None);
                started.Add(service);
            }
            var engine = node.Get<ReleaseEngine>();
            await engine.StartAsync(CancellationToken.None);
            started.Add(engine);
        }
        return new Stopper(started);
    }

    /// <summary>Runs <paramref name="rounds"/> waves of <paramref name="releases"/> releases and waits for every verdict.</summary>
    /// <param name="allocationTop">When above 0, each round also prints the types allocated most (<see cref="AllocationSampler"/>).</param>
    public static async Task<DecisionFigures> RunAsync(IReadOnlyList<BenchPortal> nodes, int releases, int rounds, string label, int allocationTop = 0)
    {
        using var allocations = allocationTop > 0 ? new AllocationSampler() : null;
        var latencies = new List<double>(releases * 2);
        using var listener = ListenToDecisionLatency(latencies);
        var all = new List<double>();
        var roundP99 = new List<double>();
        var arrivalSeconds = 0.0;
        var deciding = TimeSpan.Zero;
        for (var round = 1; round <= rounds; round++)
        {
            lock (latencies)
            {
                latencies.Clear();
            }
            // Releases arrive one after another while the engine runs, as they do in life, rather than all in the same
            // millisecond; each analysis step lasts longer than the arrivals take, so all of them analyse at once.
            var arrivals = Stopwatch.StartNew();
            // What could stall a verdict, measured rather than guessed: the runtime's pauses and collections, and how
            // deep the thread pool's queue got (starvation) — sampled with the verdict count below.
            var (pausedBefore, gen2Before, gen0Before, allocatedBefore) = (GC.GetTotalPauseDuration(), GC.CollectionCount(2), GC.CollectionCount(0), GC.GetTotalAllocatedBytes());
            allocations?.TakeTop(0);
            var queuedMax = 0L;
            await CreateReleasesAsync(nodes, releases, $"{label}-{round}");
            arrivalSeconds = Math.Max(arrivalSeconds, arrivals.Elapsed.TotalSeconds);
            var expected = releases * 2;
            var deadline = DateTimeOffset.UtcNow + TimeSpan.FromMinutes(5);
            var firstVerdict = TimeSpan.Zero;
            while (Count(latencies) < expected)
            {
                if (DateTimeOffset.UtcNow > deadline)
                {
                    throw new TimeoutException($"{label} round {round}: only {Count(latencies)} of {expected} verdicts were journaled within 5 minutes.");
                }
                if (firstVerdict == TimeSpan.Zero && Count(latencies) > 0)
                {
                    firstVerdict = arrivals.Elapsed;
                }
                queuedMax = Math.Max(queuedMax, ThreadPool.PendingWorkItemCount);
                await Task.Delay(50);
            }
            deciding += arrivals.Elapsed - firstVerdict;
            double[] inRound;
            lock (latencies)
            {
                inRound = [.. latencies.Order()];
            }
            roundP99.Add(Percentile(inRound, 0.99));
            all.AddRange(inRound);
            Console.WriteLine($"{label} round {round}: {inRound.Length} verdicts, p50 {Percentile(inRound, 0.50):0.00} ms, p99 {roundP99[^1]:0.00} ms, max {inRound[^1]:0.00} ms; "
                + $"GC paused {(GC.GetTotalPauseDuration() - pausedBefore).TotalMilliseconds:0} ms in {GC.CollectionCount(2) - gen2Before} gen2 collections "
                + $"({GC.CollectionCount(0) - gen0Before} gen0), {(GC.GetTotalAllocatedBytes() - allocatedBefore) / 1_048_576.0:0} MB allocated, thread-pool queue up to {queuedMax}");
            if (allocations is not null)
            {
                Console.WriteLine(string.Join(Environment.NewLine, allocations.TakeTop(allocationTop)));
            }
        }

        double[] sorted = [.. all.Order()];
        double[] p99s = [.. roundP99.Order()];
        if (arrivalSeconds >= AnalysisSeconds)
        {
            Console.WriteLine($"warning: {label}: creating the releases took {arrivalSeconds:0.0} s, longer than one analysis step ({AnalysisSeconds} s): not all analysed at once");
        }
        return new DecisionFigures(
            sorted.Length, Math.Round(Percentile(sorted, 0.50), 2), Math.Round(p99s[p99s.Length / 2], 2), Math.Round(p99s[^1], 2),
            Math.Round(sorted[^1], 2), Math.Round(sorted.Length / Math.Max(0.001, deciding.TotalSeconds), 1), Math.Round(arrivalSeconds, 1));
    }

    /// <summary>Creates the releases a few at a time, as several teams and pipelines would, each on its own target, round-robin over the nodes.</summary>
    private static async Task CreateReleasesAsync(IReadOnlyList<BenchPortal> nodes, int count, string prefix)
    {
        await Parallel.ForEachAsync(Enumerable.Range(1, count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            var node = nodes[i % nodes.Count];
            var name = $"decide-{prefix}-{i:0000}";
            await node.Get<TargetRepository>().AddAsync(new TargetRecord(name, "sandbox", "{}", DateTimeOffset.UtcNow), ct);
            var parameters = new Dictionary<string, JsonElement> { ["target"] = JsonSerializer.SerializeToElement(name) };
            var created = await node.Get<ReleaseService>().CreateAsync(new NewRelease("decisions-bench", "2.0.0", parameters), PortalRelease.Portal.Audit.AuditActor.System("bench"), ct);
            _ = created.Id ?? throw new InvalidOperationException("The bench release was refused: " + JsonSerializer.Serialize(created.Errors));
        });
    }

    private static MeterListener ListenToDecisionLatency(List<double> into)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == PortalMeters.MeterName && instrument.Name == "portal.decision.latency")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((_, seconds, _, _) =>
        {
            lock (into)
            {
                into.Add(seconds * 1000);
            }
        });
        listener.Start();
        return listener;
    }

    private static int Count(List<double> latencies)
    {
        lock (latencies)
        {
            return latencies.Count;
        }
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    private sealed class Stopper(List<IHostedService> started) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            // The engines first (they hand their leases back), then what they feed.
            foreach (var service in Enumerable.Reverse(started))
            {
                await service.StopAsync(CancellationToken.None);
            }
        }
    }

    private const string TemplateYaml = """
        name: decisions-bench
        parameters:
          - name: target
            type: string
        stages:
          - name: production
            targets: ["{{ target }}"]
            steps:
              - setWeight: 20
              - analysis:
                  metric: error-rate
                  max: 0.05
                  interval: 1s
                  count: 15
              - setWeight: 50
              - analysis:
                  metric: latency-p95
                  max: 2000
                  interval: 1s
                  count: 15
        """;
}
