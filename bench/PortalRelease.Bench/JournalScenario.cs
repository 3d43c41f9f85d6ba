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
        var events = BenchArgs.Int(args, "--events", 200_000);
        var releases = BenchArgs.Int(args, "--releases", 250);
        await using var portal = await BenchPortal.StartAsync();
        await CreateReleasesAsync(portal, "warm", releases);
        await CreateReleasesAsync(portal, "bench", releases);
        await CreateReleasesAsync(portal, "raw", 1);

        // Warm up JIT and the connection pool on separate releases so neither side pays for it.
        await AppendThroughWriterAsync(portal, "warm", releases, 20_000);
        RawInsert(portal, "raw-0", 20_000, seqOffset: 0);

        var writerSeconds = await AppendThroughWriterAsync(portal, "bench", releases, events);
        var rawSeconds = RawInsert(portal, "raw-0", events, seqOffset: 20_000);

        var eventsPerSecond = events / writerSeconds;
        var rawPerSecond = events / rawSeconds;
        Console.WriteLine($"journal writer: {events:N0} events from {releases} concurrent releases in {writerSeconds:0.000} s = {eventsPerSecond:N0}/s");
        Console.WriteLine($"raw prepared insert, one transaction: {events:N0} rows in {rawSeconds:0.000} s = {rawPerSecond:N0}/s");
        return JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["scenario"] = "journal",
            ["events"] = events,
            ["releases"] = releases,
            ["events_per_s"] = Math.Round(eventsPerSecond),
            ["raw_rows_per_s"] = Math.Round(rawPerSecond),
            ["ratio"] = Math.Round(eventsPerSecond / rawPerSecond, 3),
        });
    }

    private static async Task CreateReleasesAsync(BenchPortal portal, string prefix, int count)
    {
        var templates = portal.Get<TemplateRepository>();
        await templates.SaveAsync("bench", null, "name: bench", "bench", DateTimeOffset.UtcNow);
        var writer = portal.Get<JournalWriter>();
        var created = Enumerable.Range(0, count).Select(i => writer.CreateReleaseAsync(
            new ReleaseRecord($"{prefix}-{i}", "bench", 1, "1.0.0", "{}", "{}", DateTimeOffset.UtcNow, "bench"),
            [EventDraft.Of(new ReleaseCreated("bench", 1, "1.0.0", new Dictionary<string, object?>()), "bench")]));
        await Task.WhenAll(created);
    }

    private static Sample Payload(int i) => new(
        "sandbox-eu",
        new CohortSample(0.005 + (i % 7 * 0.0001), 120 + (i % 13), 50),
        new CohortSample(0.004, 118, 150));

    private sealed record Sample(string Target, CohortSample Canary, CohortSample Baseline);

    private static async Task<double> AppendThroughWriterAsync(BenchPortal portal, string prefix, int releases, int events)
    {
        var writer = portal.Get<JournalWriter>();
        var perRelease = events / releases;
        var drafts = Enumerable.Range(0, 64).Select(i => new EventDraft("MetricsSampled", "engine", JsonSerializer.SerializeToElement(Payload(i), JournalJson.Options))).ToArray();
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, releases).Select(r => Task.Run(async () =>
        {
            var id = $"{prefix}-{r}";
            for (var i = 0; i < perRelease; i++)
            {
                await writer.AppendAsync(id, drafts[i % drafts.Length]);
            }
        })));
        return stopwatch.Elapsed.TotalSeconds;
    }

    private static double RawInsert(BenchPortal portal, string releaseId, int rows, int seqOffset)
    {
        var data = JsonSerializer.Serialize(Payload(1), JournalJson.Options);
        var connection = portal.Get<SqliteConnectionFactory>().OpenAsync().GetAwaiter().GetResult();
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
            for (var i = 1; i <= rows; i++)
            {
                release.Value = releaseId;
                seq.Value = seqOffset + i + 1;
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
