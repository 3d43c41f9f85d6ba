using System.Diagnostics;
using System.Text.Json;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Releases.Journal;

namespace PortalRelease.Bench;

/// <summary>What the journal and audit scenarios share: their arguments, creating releases, appending through the writer.</summary>
internal static class JournalScenarioParts
{
    /// <summary><c>--events</c>, <c>--releases</c>, <c>--chunk</c> (events per call) and <c>--rounds</c>, with their defaults.</summary>
    public static (int Events, int Releases, int Chunk, int Rounds) Args(string[] args) => (
        BenchArgs.Int(args, "--events", 200_000),
        BenchArgs.Int(args, "--releases", 250),
        BenchArgs.Int(args, "--chunk", 100),
        BenchArgs.Int(args, "--rounds", 3));

    public static async Task CreateReleasesAsync(BenchPortal portal, string prefix, int count)
    {
        await portal.Get<TemplateRepository>().SaveAsync("bench", null, "name: bench", "bench", DateTimeOffset.UtcNow);
        var writer = portal.Get<JournalWriter>();
        await Task.WhenAll(Enumerable.Range(0, count).Select(i => writer.CreateReleaseAsync(
            new ReleaseRecord($"{prefix}-{i}", "bench", 1, "1.0.0", "{}", "{}", DateTimeOffset.UtcNow, "bench"),
            [EventDraft.Of(new ReleaseCreated("bench", 1, "1.0.0", new Dictionary<string, object?>()), "bench")])));
    }

    /// <summary>
    /// Each of <paramref name="releases"/> releases appends its share of <paramref name="events"/> in calls of
    /// <paramref name="chunk"/> events (<paramref name="payload"/> of the event's index in the call), all at once; the seconds taken.
    /// </summary>
    public static async Task<double> AppendAsync(JournalWriter writer, string prefix, int releases, int events, int chunk, Func<int, object> payload)
    {
        var perRelease = events / releases;
        var drafts = Enumerable.Range(0, chunk)
            .Select(i => new EventDraft("MetricsSampled", "engine", JsonSerializer.SerializeToElement(payload(i), JournalJson.Options)))
            .ToArray();
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, releases).Select(r => Task.Run(async () =>
        {
            var id = $"{prefix}-{r}";
            for (var appended = 0; appended < perRelease; appended += chunk)
            {
                await writer.AppendAsync(id, appended + chunk <= perRelease ? drafts : drafts[..(perRelease - appended)]);
            }
        })));
        return stopwatch.Elapsed.TotalSeconds;
    }
}
