using System.Diagnostics.Metrics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Plugins;
using PortalRelease.Portal.Releases;
using PortalRelease.Portal.Releases.Engine;
using PortalRelease.Portal.Telemetry;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Bench;

/// <summary>
/// How long the engine takes to turn a measurement into a journaled verdict while 1,000 releases analyse at once.
/// Each release canaries on its own Sandbox target (one release per target is the lock rule) and runs two analysis
/// steps of fifteen one-second rounds; a verdict follows the round that decides it. Latency is what the portal's own
/// <c>portal.decision.latency</c> histogram records: from the moment the deciding measurement's query returned to
/// the moment the committed verdict reached the event stream — group commit, the single writer and the stream
/// included, under the load of every other release measuring at the same time.
/// </summary>
public sealed class DecisionsScenario : IBenchScenario
{
    public async Task<string> RunAsync(string[] args)
    {
        var releases = BenchArgs.Int(args, "--releases", 1000);
        await using var portal = await BenchPortal.StartAsync();
        BenchPlugins.InstallSandbox(portal.Root);
        portal.Get<PluginCatalog>().EnsureLoaded();
        var imported = await portal.Get<TemplateService>().ImportAsync(TemplateYaml, PortalRelease.Portal.Audit.AuditActor.System("bench"));
        if (imported.Errors.Count > 0)
        {
            throw new InvalidOperationException("The bench template is invalid: " + string.Join("; ", imported.Errors));
        }

        // Several rounds in one run, each a fresh wave of releases on fresh targets: a tail that shows in one round and
        // not the others (a collection, a checkpoint) is told apart from the steady state by the median and the worst.
        var rounds = BenchArgs.Int(args, "--rounds", 5);
        var latencies = new List<double>(releases * 2);
        using var listener = ListenToDecisionLatency(latencies);
        var metrics = portal.Get<IEnumerable<IHostedService>>().OfType<JournalMetricsListener>().Single();
        await metrics.StartAsync(CancellationToken.None);
        var engine = portal.Get<ReleaseEngine>();
        var all = new List<double>();
        var roundP99 = new List<double>();
        var arrivalSeconds = 0.0;
        try
        {
            await engine.StartAsync(CancellationToken.None);
            for (var round = 1; round <= rounds; round++)
            {
                lock (latencies)
                {
                    latencies.Clear();
                }
                // Releases arrive one after another while the engine runs, as they do in life, rather than all in the same
                // millisecond; each analysis step lasts longer than the arrivals take, so all of them analyse at once.
                var arrivals = System.Diagnostics.Stopwatch.StartNew();
                await CreateReleasesAsync(portal, releases, round);
                arrivalSeconds = Math.Max(arrivalSeconds, arrivals.Elapsed.TotalSeconds);
                var expected = releases * 2;
                var deadline = DateTimeOffset.UtcNow + TimeSpan.FromMinutes(5);
                while (Count(latencies) < expected)
                {
                    if (DateTimeOffset.UtcNow > deadline)
                    {
                        throw new TimeoutException($"Round {round}: only {Count(latencies)} of {expected} verdicts were journaled within 5 minutes.");
                    }
                    await Task.Delay(100);
                }
                double[] inRound;
                lock (latencies)
                {
                    inRound = [.. latencies.Order()];
                }
                roundP99.Add(Percentile(inRound, 0.99));
                all.AddRange(inRound);
                Console.WriteLine($"round {round}: {inRound.Length} verdicts, p50 {Percentile(inRound, 0.50):0.00} ms, p99 {roundP99[^1]:0.00} ms, max {inRound[^1]:0.00} ms");
            }
        }
        finally
        {
            await engine.StopAsync(CancellationToken.None);
            await metrics.StopAsync(CancellationToken.None);
        }

        double[] sorted = [.. all.Order()];
        var p50 = Percentile(sorted, 0.50);
        double[] p99s = [.. roundP99.Order()];
        var p99 = p99s[p99s.Length / 2];
        if (arrivalSeconds >= AnalysisSeconds)
        {
            Console.WriteLine($"warning: creating the releases took {arrivalSeconds:0.0} s, longer than one analysis step ({AnalysisSeconds} s): not all analysed at once");
        }
        Console.WriteLine($"{rounds} rounds of {releases} releases, {sorted.Length} verdicts: p50 {p50:0.00} ms, p99 (median of rounds) {p99:0.00} ms, worst round's p99 {p99s[^1]:0.00} ms, max {sorted[^1]:0.00} ms");
        return JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["scenario"] = "decisions",
            ["releases"] = releases,
            ["rounds"] = rounds,
            ["decisions"] = sorted.Length,
            ["p50_ms"] = Math.Round(p50, 2),
            ["p99_ms"] = Math.Round(p99, 2),
            ["p99_ms_worst"] = Math.Round(p99s[^1], 2),
            ["max_ms"] = Math.Round(sorted[^1], 2),
            ["arrival_s"] = Math.Round(arrivalSeconds, 1),
        });
    }

    /// <summary>Creates the releases a few at a time, as several teams and pipelines would, each on its own target.</summary>
    private static async Task CreateReleasesAsync(BenchPortal portal, int count, int round)
    {
        var targets = portal.Get<TargetRepository>();
        var service = portal.Get<ReleaseService>();
        await Parallel.ForEachAsync(Enumerable.Range(1, count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            var name = $"decide-{round}-{i:0000}";
            await targets.AddAsync(new TargetRecord(name, "sandbox", "{}", DateTimeOffset.UtcNow), ct);
            var parameters = new Dictionary<string, JsonElement> { ["target"] = JsonSerializer.SerializeToElement(name) };
            var created = await service.CreateAsync(new NewRelease("decisions-bench", "2.0.0", parameters), PortalRelease.Portal.Audit.AuditActor.System("bench"), ct);
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

    /// <summary>One analysis step: 15 rounds of 1 s.</summary>
    private const int AnalysisSeconds = 15;

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
