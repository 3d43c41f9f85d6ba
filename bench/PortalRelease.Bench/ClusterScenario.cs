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
    private static readonly string[] Configurations = ["sqlite", "pg1", "pg3"];

    public async Task<string> RunAsync(string[] args)
    {
        var releases = BenchArgs.Int(args, "--releases", 1000);
        var rounds = BenchArgs.Int(args, "--rounds", 3);
        // --configs pg1 (or any subset of sqlite,pg1,pg3) measures only those, to look into one; the JSON then carries
        // only what was measured.
        var configs = (BenchArgs.Value(args, "--configs") ?? "sqlite,pg1,pg3").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var figures = new List<(string Label, DecisionFigures Figures)>();
        foreach (var label in Configurations.Where(configs.Contains))
        {
            if (label == "sqlite")
            {
                figures.Add((label, await MeasureAsync(releases, rounds, label, nodes: 1, postgres: null)));
                continue;
            }
            await using var postgres = await BenchPostgres.StartAsync(args);
            figures.Add((label, await MeasureAsync(releases, rounds, label, nodes: label == "pg3" ? 3 : 1, postgres.ConnectionString)));
        }
        foreach (var (label, f) in figures)
        {
            Console.WriteLine($"{label}: {f.Decisions} verdicts, p50 {f.P50Ms:0.00} ms, p99 (median of rounds) {f.P99Ms:0.00} ms, worst round's p99 {f.P99WorstMs:0.00} ms, max {f.MaxMs:0.00} ms, {f.DecisionsPerSecond:0.0} verdicts/s");
        }
        var json = new Dictionary<string, object> { ["scenario"] = "cluster", ["releases"] = releases, ["rounds"] = rounds };
        foreach (var (label, f) in figures)
        {
            json["p99_ms_" + label] = f.P99Ms;
        }
        foreach (var (label, f) in figures)
        {
            json["p99_ms_worst_" + label] = f.P99WorstMs;
        }
        json["decisions_per_s"] = figures.ToDictionary(f => f.Label, f => f.Figures.DecisionsPerSecond);
        return JsonSerializer.Serialize(json);
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
