using PortalRelease.Portal.Data.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using PortalRelease.Portal.Configuration;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Tests.Api;
using PortalRelease.Portal.Tests.Releases;
using PortalRelease.Portal.Tests.Strategies;

using PortalRelease.Contracts;

namespace PortalRelease.Portal.Tests.Trains;

/// <summary>
/// The portal process is SIGKILLed with two components of a train in flight — one in a timed pause, the other with a
/// driver call on a slow target journaled as intended but not done — and restarted on the same data folder: both
/// lanes continue where they stopped, no step runs twice and the driver applies every key exactly once.
/// </summary>
public sealed class TrainKillRecoveryTests : IDisposable
{
    private const string SlowTarget = "train-slow";

    private const string Template = """
        name: durable-train
        components:
          - name: database
            stages: [{ name: prod, targets: [sandbox-eu], strategy: allAtOnce }]
          - name: api
            dependsOn: [database]
            stages:
              - name: prod
                targets: [sandbox-us]
                steps:
                  - setWeight: 20
                  - pause: { duration: 3s }
                  - setWeight: 60
          - name: worker
            dependsOn: [database]
            stages:
              - name: prod
                targets: [train-slow]
                strategy: { rolling: { batchSize: 50% } }
        """;

    private readonly TempPortalHome _home = new();

    public void Dispose() => _home.Dispose();

    [Fact]
    public async Task Portal_KilledWithTwoLanesInFlight_ResumesBothWithoutRepeatingADriverCall()
    {
        await AddSlowTargetAsync();
        var train = new TrainJournal(Template);
        var apiPause = train.StepsOf("api")[1];
        var workerSteps = train.StepsOf("worker");
        string id;
        IReadOnlyList<ReleaseEvent> beforeKill;
        await using (var first = await PortalProcess.StartAsync(_home))
        {
            await first.Client.ImportTemplateAsync(Template);
            id = await first.Client.CreateReleaseAsync("durable-train", "2.0.0");
            beforeKill = await first.Client.WaitForEventsAsync(
                id,
                events => events.Any(e => e.Type == "PauseStarted" && e.Index == apiPause)
                    && !events.Any(e => e.Type == "StepCompleted" && e.Index == apiPause)
                    && JournalChecks.Unconfirmed(events).Any(k => k.EndsWith("/" + SlowTarget, StringComparison.Ordinal)),
                "api to pause while a worker batch is in flight on the slow target");

            await first.KillAsync();
        }
        var reissuable = JournalChecks.Unconfirmed(beforeKill);

        await using (var second = await PortalProcess.StartAsync(_home))
        {
            await second.Client.WaitForStateAsync(id, "Promoted", TimeSpan.FromSeconds(90));
            var events = await second.Client.GetEventsAsync(id);

            JournalChecks.SeqsAreContiguous(events);
            train.AssertLanesRanAtMostOnceInOrder(events);
            JournalChecks.EveryIntendedActionDoneOnce(events);
            JournalChecks.LedgerAppliedEachKeyOnce(_home, id, events, reissuable);
            Assert.Equal(
                Enumerable.Range(0, 1 + train.StepsOf("api").Count + workerSteps.Count),
                events.Where(e => e.Type == "StepCompleted").Select(e => e.Index).Order());
            // Both lanes were mid-step at the kill: api's pause and a worker batch completed only after the restart.
            var killedAt = beforeKill[^1].Seq;
            Assert.True(events.Single(e => e.Type == "StepCompleted" && e.Index == apiPause).Seq > killedAt);
            Assert.Contains(events, e => e.Type == "StepCompleted" && workerSteps.Contains(e.Index) && e.Seq > killedAt
                && beforeKill.Any(b => b.Type == "StepStarted" && b.Index == e.Index));
            // The two lanes interleave by timing; every driver call is there once.
            Assert.Equal(
                new[] { "sandbox-eu apply stable 100", "sandbox-us apply canary 20", "sandbox-us apply canary 60", "sandbox-us apply stable 100", $"{SlowTarget} apply stable 50", $"{SlowTarget} apply stable 100" }.Order(StringComparer.Ordinal),
                StrategyPortal.DoneActions(events).Order(StringComparer.Ordinal));
        }
    }

    /// <summary>The slow Sandbox target is inserted into the database the portal will open (migrated first), before it starts.</summary>
    private async Task AddSlowTargetAsync()
    {
        var options = new PortalOptions { DataDirectory = _home.DataDirectory, PluginsDirectory = _home.PluginsDirectory };
        var paths = new PortalPaths(Microsoft.Extensions.Options.Options.Create(options), new HostingEnvironment { ContentRootPath = _home.Root });
        var connections = new SqliteDatabase(paths);
        await new SchemaMigrator(connections, NullLogger<SchemaMigrator>.Instance).MigrateAsync(CancellationToken.None);
        Assert.True(await new TargetRepository(connections).AddAsync(new TargetRecord(SlowTarget, "sandbox", """{"applyDelayMs":2500}""", DateTimeOffset.UtcNow)));
        SqliteConnection.ClearAllPools();
    }
}
