using System.Text.Json;

namespace PortalRelease.Bench;

/// <summary>
/// How long the engine takes to turn a measurement into a journaled verdict while 1,000 releases analyse at once on one
/// node with SQLite (<see cref="DecisionWorkload"/>). Several rounds in one run, each a fresh wave of releases on fresh
/// targets: a tail that shows in one round and not the others (a collection, a checkpoint) is told apart from the steady
/// state by the median and the worst.
/// </summary>
public sealed class DecisionsScenario : IBenchScenario
{
    public async Task<string> RunAsync(string[] args)
    {
        var releases = BenchArgs.Int(args, "--releases", 1000);
        var rounds = BenchArgs.Int(args, "--rounds", 5);
        await using var portal = await BenchPortal.StartAsync();
        DecisionFigures figures;
        await using (await DecisionWorkload.StartAsync([portal]))
        {
            figures = await DecisionWorkload.RunAsync([portal], releases, rounds, "sqlite", BenchArgs.Int(args, "--allocations", 0));
        }
        Console.WriteLine($"{rounds} rounds of {releases} releases, {figures.Decisions} verdicts: p50 {figures.P50Ms:0.00} ms, p99 (median of rounds) {figures.P99Ms:0.00} ms, worst round's p99 {figures.P99WorstMs:0.00} ms, max {figures.MaxMs:0.00} ms");
        return JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["scenario"] = "decisions",
            ["releases"] = releases,
            ["rounds"] = rounds,
            ["decisions"] = figures.Decisions,
            ["p50_ms"] = figures.P50Ms,
            ["p99_ms"] = figures.P99Ms,
            ["p99_ms_worst"] = figures.P99WorstMs,
            ["max_ms"] = figures.MaxMs,
            ["decisions_per_s"] = figures.DecisionsPerSecond,
            ["arrival_s"] = figures.ArrivalSeconds,
        });
    }
}
