using System.Text.Json;

namespace PortalRelease.Bench;

/// <summary>
/// The <c>decisions</c> workload (<see cref="DecisionWorkload"/>) in one run on one node with SQLite, one node with
/// PostgreSQL and three nodes sharing PostgreSQL (in this process, each with its own services, engine, lease keeper and
/// cluster event follower, as separate processes would have), releases created round-robin through the nodes. Reports
/// each configuration's decision p99 (median of its rounds) and verdicts per second.
/// </summary>
public sealed class ClusterScenario : IBenchScenario
{
    public async Task<string> RunAsync(string[] args)
    {
        var releases = BenchArgs.Int(args, "--releases", 1000);
        var rounds = BenchArgs.Int(args, "--rounds", 3);
        var sqlite = await MeasureAsync(releases, rounds, "sqlite", nodes: 1, postgres: null);
        DecisionFigures pg1, pg3;
        await using (var postgres = await BenchPostgres.StartAsync(args))
        {
            pg1 = await MeasureAsync(releases, rounds, "pg1", nodes: 1, postgres.ConnectionString);
        }
        await using (var postgres = await BenchPostgres.StartAsync(args))
        {
            pg3 = await MeasureAsync(releases, rounds, "pg3", nodes: 3, postgres.ConnectionString);
        }
        foreach (var (label, f) in new[] { ("sqlite", sqlite), ("pg1", pg1), ("pg3", pg3) })
        {
            Console.WriteLine($"{label}: {f.Decisions} verdicts, p50 {f.P50Ms:0.00} ms, p99 (median of rounds) {f.P99Ms:0.00} ms, worst round's p99 {f.P99WorstMs:0.00} ms, max {f.MaxMs:0.00} ms, {f.DecisionsPerSecond:0.0} verdicts/s");
        }
        return JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["scenario"] = "cluster",
            ["releases"] = releases,
            ["rounds"] = rounds,
            ["p99_ms_sqlite"] = sqlite.P99Ms,
            ["p99_ms_pg1"] = pg1.P99Ms,
            ["p99_ms_pg3"] = pg3.P99Ms,
            ["p99_ms_worst_sqlite"] = sqlite.P99WorstMs,
            ["p99_ms_worst_pg1"] = pg1.P99WorstMs,
            ["p99_ms_worst_pg3"] = pg3.P99WorstMs,
            ["decisions_per_s"] = new Dictionary<string, double>
            {
                ["sqlite"] = sqlite.DecisionsPerSecond,
                ["pg1"] = pg1.DecisionsPerSecond,
                ["pg3"] = pg3.DecisionsPerSecond,
            },
        });
    }

    private static async Task<DecisionFigures> MeasureAsync(int releases, int rounds, string label, int nodes, string? postgres)
    {
        var portals = new List<BenchPortal>();
        try
        {
            for (var i = 0; i < nodes; i++)
            {
                var settings = postgres is null ? null : new Dictionary<string, string?>
                {
                    ["Portal:Storage:Provider"] = "Postgres",
                    ["Portal:Storage:ConnectionString"] = postgres,
                    ["Portal:Cluster:NodeId"] = $"bench-{label}-{i}",
                };
                foreach (var (key, value) in postgres is null ? [] : BenchKeyRing.Settings())
                {
                    settings![key] = value;
                }
                portals.Add(await BenchPortal.StartAsync(settings: settings));
            }
            await using (await DecisionWorkload.StartAsync(portals))
            {
                return await DecisionWorkload.RunAsync(portals, releases, rounds, label);
            }
        }
        finally
        {
            foreach (var portal in portals)
            {
                await portal.DisposeAsync();
            }
        }
    }
}
