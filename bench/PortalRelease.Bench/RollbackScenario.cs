using System.Globalization;
using System.Text.Json;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Plugins;
using PortalRelease.Portal.Releases;
using PortalRelease.Portal.Releases.Engine;
using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Bench;

/// <summary>
/// How fast a fault turns into a rollback. The portal's engine runs in-process with the real Sandbox plugin; each
/// release canaries a version on its own Sandbox target whose fault starts <c>--after</c> seconds after the canary
/// first receives traffic. The analysis measures every 1 s and fails after 3 failures in a row, so the best any
/// engine can do is about interval × limit = 3 s; the ratio says how close the engine gets (goal ≤ 1.1).
/// </summary>
public sealed class RollbackScenario : IBenchScenario
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private const int Limit = 3;

    public async Task<string> RunAsync(string[] args)
    {
        var after = BenchArgs.Int(args, "--after", 3);
        var runs = BenchArgs.Int(args, "--runs", 5);
        await using var portal = await BenchPortal.StartAsync();
        BenchPlugins.InstallSandbox(portal.Root);
        portal.Get<PluginCatalog>().EnsureLoaded();
        var engine = portal.Get<ReleaseEngine>();
        await engine.StartAsync(CancellationToken.None);
        try
        {
            var imported = await portal.Get<TemplateService>().ImportAsync(TemplateYaml, PortalRelease.Portal.Audit.AuditActor.System("bench"));
            if (imported.Errors.Count > 0)
            {
                throw new InvalidOperationException("The bench template is invalid: " + string.Join("; ", imported.Errors));
            }
            // Releases run side by side, each on its own target, so the runs take as long as one.
            var results = await Task.WhenAll(Enumerable.Range(1, runs).Select(run => RunOnceAsync(portal, $"bench-{run}", after)));
            var ordered = results.Order().ToList();
            var median = ordered[ordered.Count / 2];
            var budget = Interval.TotalMilliseconds * Limit;
            foreach (var ms in results)
            {
                Console.WriteLine($"fault to rollback intended: {ms:0} ms (ratio {ms / budget:0.000})");
            }
            Console.WriteLine($"{runs} releases, fault after {after} s, analysis every {Interval.TotalSeconds:0} s failing after {Limit} in a row; median and worst reported");
            return JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["scenario"] = "rollback",
                ["runs"] = runs,
                ["worst_ratio"] = Math.Round(ordered[^1] / budget, 3),
                ["fault_to_rollback_ms"] = Math.Round(median),
                ["ratio"] = Math.Round(median / budget, 3),
            });
        }
        finally
        {
            await engine.StopAsync(CancellationToken.None);
        }
    }

    private static async Task<double> RunOnceAsync(BenchPortal portal, string target, int after)
    {
        var settings = JsonSerializer.Serialize(new { fault = new { versionPattern = "*-bad", afterSeconds = after, errorRate = 0, latencyMs = 250 } });
        await portal.Get<TargetRepository>().AddAsync(new TargetRecord(target, "sandbox", settings, DateTimeOffset.UtcNow));
        var parameters = new Dictionary<string, JsonElement> { ["target"] = JsonSerializer.SerializeToElement(target) };
        var created = await portal.Get<ReleaseService>().CreateAsync(new NewRelease("rollback-bench", "2.0.0-bad", parameters), PortalRelease.Portal.Audit.AuditActor.System("bench"));
        var id = created.Id ?? throw new InvalidOperationException("The bench release was refused: " + JsonSerializer.Serialize(created.Errors));
        var journal = portal.Get<JournalRepository>();
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(after + 60);
        while (DateTimeOffset.UtcNow < deadline)
        {
            var events = await journal.ReadAsync(id, 0, CancellationToken.None);
            var rollback = events.FirstOrDefault(e => e.Type == nameof(ActionIntended) && e.Payload<ActionIntended>().Action == "rollback");
            if (rollback is not null)
            {
                var faultStart = await CanaryTrafficSinceAsync(portal, target) + TimeSpan.FromSeconds(after);
                return (rollback.At - faultStart).TotalMilliseconds;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"Release {id} on {target} was not rolled back within {after + 60} s.");
    }

    /// <summary>When the Sandbox recorded the canary apply: its fault clock starts there.</summary>
    private static async Task<DateTimeOffset> CanaryTrafficSinceAsync(BenchPortal portal, string target)
    {
        // The Sandbox keeps its ledger in the portal's plugin state (plugin "sandbox"), one entry per action.
        var entries = await portal.Get<PluginStateRepository>().ListAsync("sandbox", "ledger/" + target + "/", null, 1000, CancellationToken.None);
        foreach (var row in entries)
        {
            using var entry = JsonDocument.Parse(row.Value);
            var e = entry.RootElement;
            if (e.GetProperty("action").GetString() == "apply" && e.GetProperty("cohort").GetString() == "canary" && e.GetProperty("outcome").GetString() == "applied")
            {
                return DateTimeOffset.Parse(e.GetProperty("at").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            }
        }
        throw new InvalidOperationException($"The Sandbox ledger of {target} has no canary apply.");
    }

    private const string TemplateYaml = """
        name: rollback-bench
        parameters:
          - name: target
            type: string
        stages:
          - name: production
            targets: ["{{ target }}"]
            steps:
              - setWeight: 50
              - analysis:
                  metric: latency-p95
                  max: 200
                  interval: 1s
                  count: 600
                  consecutiveFailureLimit: 3
        """;
}
