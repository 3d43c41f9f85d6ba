using PortalRelease.Portal.Data.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using PortalRelease.Portal.Configuration;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Tests.Api;
using PortalRelease.Portal.Tests.Releases;

namespace PortalRelease.Portal.Tests.Strategies;

/// <summary>
/// The portal process is SIGKILLed while the blue-green switch on a slow target is journaled as intended but not done;
/// restarted on the same data folder, it finishes the release and the switch reaches the target exactly once.
/// </summary>
public sealed class BlueGreenKillRecoveryTests : IDisposable
{
    private const string SlowTarget = "sandbox-slow";

    private readonly TempPortalHome _home = new();

    public void Dispose() => _home.Dispose();

    [Fact]
    public async Task Portal_KilledBetweenIntendedAndDoneOfTheSwitch_ResumesAndSwitchesExactlyOnce()
    {
        await AddSlowTargetAsync();
        string id;
        await using (var first = await PortalProcess.StartAsync(_home))
        {
            await first.Client.ImportTemplateAsync("""
                name: durable-blue-green
                stages:
                  - name: fleet
                    targets: [sandbox-slow]
                    strategy: { blueGreen: { keepPreviousFor: 1s } }
                """);
            id = await first.Client.CreateReleaseAsync("durable-blue-green", "2.0.0");
            // Step 1 is the switch: intended, and the driver still waiting before its ledger write.
            await first.Client.WaitForEventsAsync(id, events => JournalChecks.Unconfirmed(events).Contains(SwitchKey(id)), "the switch to be in flight");

            await first.KillAsync();
        }
        Assert.DoesNotContain(_home.Ledger(SlowTarget), l => l.Str("key") == SwitchKey(id));

        await using (var second = await PortalProcess.StartAsync(_home))
        {
            await second.Client.WaitForStateAsync(id, "Promoted", TimeSpan.FromSeconds(90));
            var events = await second.Client.GetEventsAsync(id);

            JournalChecks.SeqsAreContiguous(events);
            JournalChecks.StepsRanAtMostOnceInOrder(events);
            JournalChecks.EveryIntendedActionDoneOnce(events);
            Assert.Equal(
                [$"{SlowTarget} apply preview 0", $"{SlowTarget} apply stable 100", $"{SlowTarget} apply previous 0"],
                StrategyPortal.DoneActions(events));
            var switches = _home.Ledger(SlowTarget).Where(l => l.Str("key") == SwitchKey(id)).ToList();
            var applied = Assert.Single(switches);
            Assert.Equal(("applied", "stable", "blue-green"), (applied.Str("outcome"), applied.Str("cohort"), applied.Str("strategy")));
        }
    }

    private static string SwitchKey(string id) => $"{id}/step-1/{SlowTarget}";

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
