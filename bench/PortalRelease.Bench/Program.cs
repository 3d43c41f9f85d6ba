using PortalRelease.Bench;

// Figures, not pass/fail: each scenario prints what it measured; the last line is JSON.
var scenarios = new Dictionary<string, Func<IBenchScenario>>(StringComparer.Ordinal)
{
    ["journal"] = () => new JournalScenario(),
    ["dora"] = () => new DoraScenario(),
    ["rollback"] = () => new RollbackScenario(),
    ["plugins"] = () => new PluginsScenario(),
    ["decisions"] = () => new DecisionsScenario(),
    ["cluster"] = () => new ClusterScenario(),
    ["failover"] = () => new FailoverScenario(),
    ["audit"] = () => new AuditScenario(),
};
var name = BenchArgs.Value(args, "--scenario");
if (name is null || !scenarios.TryGetValue(name, out var create))
{
    Console.Error.WriteLine($"Unknown or missing --scenario '{name}'. Known scenarios: {string.Join(", ", scenarios.Keys)}.");
    return 2;
}
Console.WriteLine(await create().RunAsync(args));
return 0;
