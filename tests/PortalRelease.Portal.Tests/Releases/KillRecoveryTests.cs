using PortalRelease.Portal.Data.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using PortalRelease.Portal.Configuration;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Tests.Api;

using PortalRelease.Contracts;

namespace PortalRelease.Portal.Tests.Releases;

/// <summary>
/// The engine's durability promise against a real crash: the portal process is SIGKILLed mid-release, started
/// again on the same data folder, and must finish the release with no step run twice, none lost, and every
/// driver action applied exactly once.
/// </summary>
public sealed class KillRecoveryTests : IDisposable
{
    private const string SlowTarget = "sandbox-slow";

    private readonly TempPortalHome _home = new();

    public enum KillMoment
    {
        /// <summary>Step 0 done, the timed pause of step 1 running.</summary>
        DuringTimedPause,

        /// <summary>At least one measurement of the analysis (step 3) journaled, no verdict yet.</summary>
        DuringAnalysis,

        /// <summary>The apply of step 2 on a slow target journaled as intended, the driver still waiting before its ledger write.</summary>
        BetweenIntendedAndDone,
    }

    public void Dispose() => _home.Dispose();

    [Theory]
    [InlineData(KillMoment.DuringTimedPause)]
    [InlineData(KillMoment.DuringAnalysis)]
    [InlineData(KillMoment.BetweenIntendedAndDone)]
    public async Task Portal_KilledMidRelease_ResumesAndFinishesWithEveryActionOnce(KillMoment moment)
    {
        string[] targets = moment == KillMoment.BetweenIntendedAndDone ? ["sandbox-eu", SlowTarget] : ["sandbox-eu", "sandbox-us"];
        if (moment == KillMoment.BetweenIntendedAndDone)
        {
            await AddSlowTargetAsync();
        }
        string id;
        long killedAtSeq;
        await using (var first = await PortalProcess.StartAsync(_home))
        {
            await first.Client.ImportTemplateAsync(Template(targets));
            id = await first.Client.CreateReleaseAsync("durable-canary", "2.0.0");
            await first.Client.WaitForEventsAsync(id, events => moment switch
            {
                KillMoment.DuringTimedPause => Completed(events, 0) && events.Any(e => e.Type == "PauseStarted" && e.Index == 1) && !Completed(events, 1),
                // Six rounds a second apart: a window of seconds between the first measurement and the verdict, which a
                // poll on a loaded machine still hits (with two rounds, one second, CI once polled past it).
                KillMoment.DuringAnalysis => events.Any(e => e.Type == "MeasurementTaken" && e.Index == 3) && !events.Any(e => e.Type == "AnalysisVerdict"),
                _ => JournalChecks.Unconfirmed(events).Contains(SlowKey(id, 2)),
            }, $"release {id} to be {moment}");

            await first.KillAsync();
        }
        killedAtSeq = await LastSeqOnDiskAsync(id);

        await using (var second = await PortalProcess.StartAsync(_home))
        {
            await second.Client.WaitForStateAsync(id, "Promoted", TimeSpan.FromSeconds(90));
            var events = await second.Client.GetEventsAsync(id);

            var beforeKill = events.Where(e => e.Seq <= killedAtSeq).ToList();
            Assert.DoesNotContain(beforeKill, e => e.Type == "StateChanged" && e.Str("to") == "Promoted");
            Assert.True(Completed(beforeKill, 0), "The first portal had not completed a step when it was killed.");
            Assert.True(events.Count > killedAtSeq, "The second portal journaled nothing.");
            JournalChecks.SeqsAreContiguous(events);
            JournalChecks.StepsRanAtMostOnceInOrder(events);
            Assert.Equal(Enumerable.Range(0, 8), events.Where(e => e.Type == "StepCompleted").Select(e => e.Index));
            JournalChecks.EveryIntendedActionDoneOnce(events);
            var reissuable = JournalChecks.Unconfirmed(beforeKill);
            JournalChecks.LedgerAppliedEachKeyOnce(_home, id, events, reissuable);
            Assert.Equal(
                targets.SelectMany(t => Enumerable.Range(0, 8).Where(i => i is not (1 or 3 or 5)).Select(i => $"{id}/step-{i}/{t}")).Order(),
                events.Where(e => e.Type == "ActionIntended").Select(e => e.Key).Order());
            Assert.Single(events, e => e.Type == "AnalysisVerdict");

            if (moment == KillMoment.BetweenIntendedAndDone)
            {
                // Re-issued with the same key after the restart; the driver never saw the first call.
                Assert.Contains(SlowKey(id, 2), reissuable);
                var done = Assert.Single(events, e => e.Type == "ActionDone" && e.Key == SlowKey(id, 2));
                Assert.True(done.Seq > killedAtSeq);
                Assert.Single(_home.ReadLedger(SlowTarget), l => l.Key == SlowKey(id, 2));
            }
            if (moment == KillMoment.DuringAnalysis)
            {
                // Rounds measured before the kill count: the analysis continues, it does not start over.
                var rounds = events.Where(e => e.Type == "MeasurementTaken").Select(e => (e.Data.GetProperty("round").GetInt32(), e.Str("target"))).ToList();
                Assert.Equal(rounds.Distinct(), rounds);
            }
        }
    }

    private static bool Completed(IEnumerable<ReleaseEvent> events, int index) => events.Any(e => e.Type == "StepCompleted" && e.Index == index);

    private static string SlowKey(string id, int step) => $"{id}/step-{step}/{SlowTarget}";

    private static string Template(string[] targets) => $$"""
        name: durable-canary
        description: Several steps with waits, for the crash test.
        stages:
          - name: fleet
            targets: [{{string.Join(", ", targets)}}]
            steps:
              - setWeight: 10
              - pause: { duration: 2s }
              - setWeight: 30
              - analysis:
                  metric: error-rate
                  max: 0.05
                  interval: 1s
                  count: 6
              - setWeight: 60
              - pause: { duration: 2s }
              - setWeight: 100
        """;

    /// <summary>
    /// There is no target API yet: the slow Sandbox target is inserted with the portal's own repository into the
    /// database the portal will open (migrated first, as the portal would), before the portal starts.
    /// </summary>
    private async Task AddSlowTargetAsync()
    {
        var options = new PortalOptions { DataDirectory = _home.DataDirectory, PluginsDirectory = _home.PluginsDirectory };
        var paths = new PortalPaths(Microsoft.Extensions.Options.Options.Create(options), new HostingEnvironment { ContentRootPath = _home.Root });
        var connections = new SqliteDatabase(paths);
        await new SchemaMigrator(connections, NullLogger<SchemaMigrator>.Instance).MigrateAsync(CancellationToken.None);
        Assert.True(await new TargetRepository(connections).AddAsync(new TargetRecord(SlowTarget, "sandbox", """{"applyDelayMs":2500}""", DateTimeOffset.UtcNow)));
        SqliteConnection.ClearAllPools();
    }

    /// <summary>The journal as the killed process left it on disk (opening it also proves it is readable after SIGKILL).</summary>
    private async Task<long> LastSeqOnDiskAsync(string id)
    {
        var connectionString = new SqliteConnectionStringBuilder { DataSource = _home.DatabaseFile, Pooling = false }.ToString();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(MAX(seq), 0) FROM journal WHERE release_id = $id";
        command.Parameters.AddWithValue("$id", id);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
