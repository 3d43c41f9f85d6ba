using PortalRelease.Portal.Data.Sqlite;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Releases.Journal;

namespace PortalRelease.Bench;

/// <summary>
/// Appends events through the portal's journal writer the way the engine does — many releases at once, each
/// awaiting its own durable append — and, in the same process and database, the same number of rows through one
/// raw prepared command in one transaction: the ceiling for SQLite on this machine. Reports the ratio.
/// </summary>
public sealed class JournalScenario : IBenchScenario
{
    public async Task<string> RunAsync(string[] args)
    {
        var (events, releases, chunk, rounds) = JournalScenarioParts.Args(args);
        await using var portal = await BenchPortal.StartAsync();
        var writer = portal.Get<JournalWriter>();
        await JournalScenarioParts.CreateReleasesAsync(portal, "warm", releases);
        await JournalScenarioParts.CreateReleasesAsync(portal, "raw", releases);

        // Warm up JIT (tiered compilation) and the connection pool so neither side pays for it.
        await JournalScenarioParts.AppendAsync(writer, "warm", releases, 50_000, chunk, Payload);
        await JournalScenarioParts.AppendAsync(writer, "warm", releases, 20_000, 1, Payload);
        var rawSeq = 1;
        RawInsert(portal, "raw", releases, 50_000, rawSeq);
        rawSeq += 50_000 / releases;

        // Rounds interleave the three ways of writing so that noise and the growing file affect each alike;
        // the medians are reported.
        var bulk = new List<double>();
        var raw = new List<double>();
        var single = new List<double>();
        long bulkCommits = 0, singleCommits = 0;
        for (var round = 0; round < rounds; round++)
        {
            await JournalScenarioParts.CreateReleasesAsync(portal, $"bulk{round}", releases);
            await JournalScenarioParts.CreateReleasesAsync(portal, $"single{round}", releases);

            // Bulk: each release appends its events in chunks (imports, seeding history, bursts of measurements).
            var before = writer.Commits;
            bulk.Add(await JournalScenarioParts.AppendAsync(writer, $"bulk{round}", releases, events, chunk, Payload));
            bulkCommits += writer.Commits - before;

            raw.Add(RawInsert(portal, "raw", releases, events, rawSeq));
            rawSeq += events / releases;

            // The engine's pattern: every release awaits each single event's durable commit before the next.
            before = writer.Commits;
            single.Add(await JournalScenarioParts.AppendAsync(writer, $"single{round}", releases, events, 1, Payload));
            singleCommits += writer.Commits - before;
        }
        var (bulkSeconds, rawSeconds, engineSeconds) = (Median(bulk), Median(raw), Median(single));
        var (bulkCommitsPerRound, engineCommits) = (bulkCommits / rounds, singleCommits / rounds);

        var bulkPerSecond = events / bulkSeconds;
        var bulkCommitsAvg = bulkCommitsPerRound;
        var enginePerSecond = events / engineSeconds;
        var rawPerSecond = events / rawSeconds;
        Console.WriteLine($"journal writer, {releases} releases appending {chunk} events per call: {events:N0} events in {bulkSeconds:0.000} s = {bulkPerSecond:N0}/s ({events / (double)Math.Max(1, bulkCommitsAvg):0} events per commit)");
        Console.WriteLine($"journal writer, {releases} releases appending 1 event per call: {events:N0} events in {engineSeconds:0.000} s = {enginePerSecond:N0}/s ({events / (double)Math.Max(1, engineCommits):0} events per commit)");
        Console.WriteLine($"medians of {rounds} interleaved rounds");
        Console.WriteLine($"raw prepared insert of the same rows, one transaction: {events:N0} rows in {rawSeconds:0.000} s = {rawPerSecond:N0}/s");
        return JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["scenario"] = "journal",
            ["events"] = events,
            ["releases"] = releases,
            ["events_per_s"] = Math.Round(bulkPerSecond),
            ["raw_rows_per_s"] = Math.Round(rawPerSecond),
            ["ratio"] = Math.Round(bulkPerSecond / rawPerSecond, 3),
            ["events_per_call"] = chunk,
            ["rounds"] = rounds,
            ["single_event_per_s"] = Math.Round(enginePerSecond),
            ["single_event_ratio"] = Math.Round(enginePerSecond / rawPerSecond, 3),
            ["single_event_per_commit"] = Math.Round(events / (double)Math.Max(1, engineCommits), 1),
        });
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static Sample Payload(int i) => new(
        "sandbox-eu",
        new CohortSample(0.005 + (i % 7 * 0.0001), 120 + (i % 13), 50),
        new CohortSample(0.004, 118, 150));

    private sealed record Sample(string Target, CohortSample Canary, CohortSample Baseline);

    /// <summary>The same rows the writer produces (releases interleaved, sequence numbers per release), with nothing in between.</summary>
    private static double RawInsert(BenchPortal portal, string prefix, int releases, int rows, int seqOffset)
    {
        var data = JsonSerializer.Serialize(Payload(1), JournalJson.Options);
        var connection = portal.Get<SqliteDatabase>().OpenSqliteAsync().GetAwaiter().GetResult();
        using (connection)
        {
            var stopwatch = Stopwatch.StartNew();
            using var transaction = connection.BeginTransaction();
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "INSERT INTO journal (release_id, seq, at, type, actor, data) VALUES ($r, $s, $a, $t, $u, $d)";
            var release = command.Parameters.Add("$r", SqliteType.Text);
            var seq = command.Parameters.Add("$s", SqliteType.Integer);
            var at = command.Parameters.Add("$a", SqliteType.Text);
            var type = command.Parameters.Add("$t", SqliteType.Text);
            var actor = command.Parameters.Add("$u", SqliteType.Text);
            var payload = command.Parameters.Add("$d", SqliteType.Text);
            command.Prepare();
            var ids = Enumerable.Range(0, releases).Select(r => $"{prefix}-{r}").ToArray();
            for (var i = 0; i < rows; i++)
            {
                release.Value = ids[i % releases];
                seq.Value = seqOffset + (i / releases) + 1;
                at.Value = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
                type.Value = "MetricsSampled";
                actor.Value = "engine";
                payload.Value = data;
                command.ExecuteNonQuery();
            }
            transaction.Commit();
            return stopwatch.Elapsed.TotalSeconds;
        }
    }
}
