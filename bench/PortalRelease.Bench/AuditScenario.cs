using System.Diagnostics;
using System.Text.Json;
using PortalRelease.Portal.Audit;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Releases.Journal;

namespace PortalRelease.Bench;

/// <summary>
/// The cost of the journal's hash chain: the same events appended through the same journal writer, once with the chain
/// and once with it switched off (the writer's one switch: the plain path is the chained path minus hashing), into two
/// databases in one process, rounds interleaved; then the chained journal is verified from end to end.
/// </summary>
public sealed class AuditScenario : IBenchScenario
{
    public async Task<string> RunAsync(string[] args)
    {
        var (events, releases, chunk, rounds) = JournalScenarioParts.Args(args);
        await using var chainedPortal = await BenchPortal.StartAsync();
        await using var plainPortal = await BenchPortal.StartAsync();
        var chained = chainedPortal.Get<JournalWriter>();
        var plain = plainPortal.Get<JournalWriter>();
        plain.HashChain = false;

        // Warm-up on both (JIT, page cache, connections), then rounds that alternate which side goes first.
        await JournalScenarioParts.CreateReleasesAsync(chainedPortal, "warm", releases);
        await JournalScenarioParts.CreateReleasesAsync(plainPortal, "warm", releases);
        await JournalScenarioParts.AppendAsync(chained, "warm", releases, 20_000, chunk, Payload);
        await JournalScenarioParts.AppendAsync(plain, "warm", releases, 20_000, chunk, Payload);
        var perRound = events / rounds;
        var chainedSeconds = 0.0;
        var plainSeconds = 0.0;
        for (var round = 0; round < rounds; round++)
        {
            await JournalScenarioParts.CreateReleasesAsync(chainedPortal, $"r{round}", releases);
            await JournalScenarioParts.CreateReleasesAsync(plainPortal, $"r{round}", releases);
            if (round % 2 == 0)
            {
                chainedSeconds += await JournalScenarioParts.AppendAsync(chained, $"r{round}", releases, perRound, chunk, Payload);
                plainSeconds += await JournalScenarioParts.AppendAsync(plain, $"r{round}", releases, perRound, chunk, Payload);
            }
            else
            {
                plainSeconds += await JournalScenarioParts.AppendAsync(plain, $"r{round}", releases, perRound, chunk, Payload);
                chainedSeconds += await JournalScenarioParts.AppendAsync(chained, $"r{round}", releases, perRound, chunk, Payload);
            }
        }
        var appended = perRound * rounds;

        var store = chainedPortal.Get<JournalChainStore>();
        await ChainVerifier.VerifyAsync(store, null, CancellationToken.None);
        var stopwatch = Stopwatch.StartNew();
        var report = await ChainVerifier.VerifyAsync(store, null, CancellationToken.None);
        var verifySeconds = stopwatch.Elapsed.TotalSeconds;
        if (!report.Ok)
        {
            throw new InvalidOperationException($"The chained journal does not verify: {report.FirstBroken}");
        }

        var chainedPerSecond = appended / chainedSeconds;
        var plainPerSecond = appended / plainSeconds;
        var verifyMsPer100k = verifySeconds * 1000 * 100_000 / report.RowsChecked;
        Console.WriteLine($"chained: {appended:N0} events in {chainedSeconds:0.000} s = {chainedPerSecond:N0}/s ({releases} releases, {chunk} events per call, {rounds} rounds)");
        Console.WriteLine($"plain (same writer, hashing off): {appended:N0} events in {plainSeconds:0.000} s = {plainPerSecond:N0}/s");
        Console.WriteLine($"verify: {report.RowsChecked:N0} rows in {verifySeconds * 1000:0} ms = {verifyMsPer100k:0} ms per 100k rows");
        return JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["chained_events_per_s"] = Math.Round(chainedPerSecond),
            ["plain_events_per_s"] = Math.Round(plainPerSecond),
            ["ratio"] = Math.Round(chainedPerSecond / plainPerSecond, 3),
            ["verify_ms_per_100k"] = Math.Round(verifyMsPer100k, 1),
        });
    }

    private static object Payload(int i) => new { target = "sandbox-eu", canary = new { errorRate = 0.005 + (i % 7 * 0.0001), latencyP99 = 120 + (i % 13) } };
}
