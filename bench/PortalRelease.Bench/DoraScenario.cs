using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using PortalRelease.Portal.Dashboards;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Releases.Journal;

namespace PortalRelease.Bench;

/// <summary>
/// Builds a year of delivery history (1,000,000 releases by default) through the journal writer's bulk path,
/// folds it into <c>release_facts</c> with the projector's rebuild, then computes the delivery dashboard for one
/// team and one full quarter again and again. Reports the 95th percentile of one computation.
/// </summary>
public sealed class DoraScenario : IBenchScenario
{
    public async Task<string> RunAsync(string[] args)
    {
        var releases = BenchArgs.Int(args, "--releases", 1_000_000);
        var rounds = BenchArgs.Int(args, "--rounds", 40);
        var team = BenchArgs.Value(args, "--team") ?? "search";
        // --keep <folder>: build the history there once and keep it; later runs with the same folder only compute.
        var keep = BenchArgs.Value(args, "--keep");
        await using var portal = await BenchPortal.StartAsync(keep);
        var now = DateTimeOffset.UtcNow;

        var clock = Stopwatch.StartNew();
        var writer = portal.Get<JournalWriter>();
        if ((await portal.Get<ReleaseRepository>().ListRecentAsync(1)).Count == 0)
        {
            var template = await portal.Get<TemplateRepository>().SaveAsync(DemoHistory.TemplateName, null, DemoHistory.TemplateYaml, DemoHistory.Actor, now);
            await DemoHistory.WriteAsync(writer, new DemoHistory().Generate(releases, 365, now, template.Record.Version));
        }
        else
        {
            Console.WriteLine($"kept history in {portal.Root}: not generated again (--releases is what it was built with)");
        }
        var generateSeconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"wrote {releases:N0} releases through the journal writer in {generateSeconds:F1} s ({writer.Commits:N0} commits)");

        clock.Restart();
        var folded = await portal.Get<ReleaseFactsProjector>().CatchUpAsync();
        var projectSeconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"projected {folded:N0} releases into release_facts in {projectSeconds:F1} s");

        // The last complete calendar quarter: a full 90-odd days of one team.
        var quarterStart = new DateTimeOffset(now.Year, (now.Month - 1) / 3 * 3 + 1, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(-3);
        var period = $"{quarterStart.Year}-Q{(quarterStart.Month - 1) / 3 + 1}";
        var dashboards = portal.Get<DeliveryDashboardService>();
        var filter = dashboards.ParseFilter(team, null, period, out var error) ?? throw new InvalidOperationException(error);
        var (p95, median, cpuMs, last) = await MeasureAsync(rounds, () => dashboards.ComputeAsync(filter));
        foreach (var kpi in last.Kpis)
        {
            Console.WriteLine($"  {kpi.Name}: {kpi.Display} ({kpi.Band?.ToString() ?? "no band"}; {kpi.Detail})");
        }
        Console.WriteLine($"team {team}, {period}: median {median:F1} ms, p95 {p95:F1} ms, {cpuMs:F1} ms CPU each, over {rounds} computations; load average {LoadAverage()}");
        // Where the time goes: reading (SQLite's tallies) against calculating (medians, bands, trend, breakdown).
        var (readMs, composeMs) = await BreakdownAsync(dashboards, filter, rounds);
        Console.WriteLine($"  of which reading the tallies {readMs:F1} ms, calculating {composeMs:F1} ms (medians)");
        // Baseline: the same figures from every fact of the period read one by one (the path before the tallying
        // queries, still the drill-down's). Fewer rounds: it is only there to compare with, and must agree exactly.
        var baselineRounds = BenchArgs.Int(args, "--baseline-rounds", 20);
        var (baseP95, baseMedian, baseCpuMs, baseline) = await MeasureAsync(baselineRounds, () => dashboards.ComputeFromFactsAsync(filter));
        var same = JsonSerializer.Serialize(baseline) == JsonSerializer.Serialize(last);
        Console.WriteLine($"baseline (every fact read): median {baseMedian:F1} ms, p95 {baseP95:F1} ms, {baseCpuMs:F1} ms CPU each, over {baselineRounds}; " +
            $"{(same ? "same figures" : "FIGURES DIFFER")}; load average {LoadAverage()}");
        return JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["scenario"] = "dora",
            ["releases"] = releases,
            ["p95_ms"] = Math.Round(p95, 1),
            ["median_ms"] = Math.Round(median, 1),
            ["cpu_ms_mean"] = Math.Round(cpuMs, 1),
            ["read_ms_median"] = Math.Round(readMs, 1),
            ["calculate_ms_median"] = Math.Round(composeMs, 1),
            ["baseline_p95_ms"] = Math.Round(baseP95, 1),
            ["baseline_median_ms"] = Math.Round(baseMedian, 1),
            ["baseline_cpu_ms_mean"] = Math.Round(baseCpuMs, 1),
            ["same_as_baseline"] = same,
            ["load_average"] = LoadAverage(),
            ["team"] = team,
            ["period"] = period,
            ["deployed_in_period"] = last.Kpis.Single(k => k.Figure == Figures.ChangeFailureRate).Detail,
            ["generate_s"] = Math.Round(generateSeconds, 1),
            ["project_s"] = Math.Round(projectSeconds, 1),
            ["cores"] = Environment.ProcessorCount,
            ["at"] = now.ToString("O", CultureInfo.InvariantCulture),
        });
    }

    /// <summary>Computes the dashboard 10 times to warm up, then <paramref name="rounds"/> times measured.</summary>
    private static async Task<(double P95, double Median, double CpuMs, DeliveryDashboard Last)> MeasureAsync(int rounds, Func<Task<DeliveryDashboard>> compute)
    {
        var timings = new List<double>();
        var process = Process.GetCurrentProcess();
        var cpu = TimeSpan.Zero;
        var clock = new Stopwatch();
        DeliveryDashboard? last = null;
        for (var round = -10; round < rounds; round++)
        {
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            clock.Restart();
            last = await compute();
            if (round >= 0)
            {
                timings.Add(clock.Elapsed.TotalMilliseconds);
                process.Refresh();
                cpu += process.TotalProcessorTime - cpuBefore;
            }
        }
        timings.Sort();
        // CPU time per computation: what the figure would be on an idle machine, when others share the cores.
        return (timings[(int)Math.Ceiling(0.95 * timings.Count) - 1], timings[timings.Count / 2], cpu.TotalMilliseconds / rounds, last!);
    }

    private static async Task<(double ReadMs, double ComposeMs)> BreakdownAsync(DeliveryDashboardService dashboards, DeliveryFilter filter, int rounds)
    {
        var read = new List<double>();
        var compose = new List<double>();
        var clock = new Stopwatch();
        for (var round = 0; round < rounds; round++)
        {
            clock.Restart();
            var (tallies, open) = await dashboards.TallyAsync(filter);
            read.Add(clock.Elapsed.TotalMilliseconds);
            clock.Restart();
            DeliveryCalculator.Compose(filter, tallies, open);
            compose.Add(clock.Elapsed.TotalMilliseconds);
        }
        read.Sort();
        compose.Sort();
        return (read[read.Count / 2], compose[compose.Count / 2]);
    }

    private static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[0];
}
