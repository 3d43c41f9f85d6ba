using Microsoft.Extensions.DependencyInjection;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Releases;
using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Portal.Tests.Api;
using PortalRelease.Portal.Tests.Releases;

namespace PortalRelease.Portal.Tests.Strategies;

/// <summary>Waves through the real engine: order, bake time, a failed wave halting the rest, rollback scope.</summary>
public sealed class WaveEngineTests : PortalTest
{
    [Fact]
    public async Task Waves_RunInOrder_WithTheBakeTimeBetween()
    {
        await Client.ImportTemplateAsync("""
            name: waved
            stages:
              - name: prod
                waves:
                  - targets: [sandbox-eu]
                  - targets: [sandbox-us]
                bakeTime: 2s
                strategy: allAtOnce
            """);

        var id = await Client.CreateReleaseAsync("waved", "2.0.0");

        await Client.WaitForStateAsync(id, "Promoted");
        var events = await Client.GetEventsAsync(id);
        Assert.Equal(["sandbox-eu apply stable 100", "sandbox-us apply stable 100"], StrategyPortal.DoneActions(events));
        var bake = Assert.Single(events, e => e.Type == "StepStarted" && e.Str("description") == "Bake for 2s before wave 2");
        var firstDone = events.First(e => e.Type == "ActionDone");
        var secondIntended = events.Last(e => e.Type == "ActionIntended");
        Assert.True(firstDone.Seq < bake.Seq && bake.Seq < secondIntended.Seq);
        var pause = Assert.Single(events, e => e.Type == "PauseStarted");
        // The second wave was not touched before the bake time ran out.
        var until = pause.Data.GetProperty("until").GetDateTimeOffset();
        var ledger = Portal.Home.Ledger("sandbox-us");
        Assert.True(DateTimeOffset.Parse(ledger[0].Str("at")!, System.Globalization.CultureInfo.InvariantCulture) >= until.AddMilliseconds(-1));
    }

    [Fact]
    public async Task FailedWave_ScopeWave_RollsBackThatWaveOnly_AndHaltsLaterWaves()
    {
        var id = await RunFailingWavesAsync("wave");

        var events = await Client.GetEventsAsync(id);
        var rolledBack = events.Where(e => e.Type == "ActionIntended" && e.Str("action") == "rollback").Select(e => e.Str("target"));
        Assert.Equal(["bad-eu"], rolledBack);
        // Wave 1 keeps the new version, wave 3 was never touched.
        Assert.Equal("stable", Portal.Home.Ledger("sandbox-eu")[^1].Str("cohort"));
        Assert.Empty(Portal.Home.Ledger("sandbox-us"));
        var view = ReleaseView.From(id, await ReadJournalAsync(id));
        Assert.Equal(TargetPhase.Live, view.ProgressOf("sandbox-eu").Phase);
        Assert.Equal(TargetPhase.RolledBack, view.ProgressOf("bad-eu").Phase);
        Assert.Equal(TargetPhase.Pending, view.ProgressOf("sandbox-us").Phase);
    }

    [Fact]
    public async Task FailedWave_ScopeAll_RollsBackEveryWaveDoneSoFar()
    {
        var id = await RunFailingWavesAsync("all");

        var events = await Client.GetEventsAsync(id);
        var rolledBack = events.Where(e => e.Type == "ActionIntended" && e.Str("action") == "rollback").Select(e => e.Str("target")).Order();
        Assert.Equal(["bad-eu", "sandbox-eu"], rolledBack);
        Assert.Empty(Portal.Home.Ledger("sandbox-us"));
        JournalChecks.EveryIntendedActionDoneOnce(events);
    }

    private async Task<string> RunFailingWavesAsync(string scope)
    {
        // Only bad-eu fails the version (the seeded sandboxes fail versions matching '*-bad', not '*-broken').
        await Client.AddSandboxTargetAsync("bad-eu", new { fault = new { versionPattern = "*-broken", errorRate = 0.5 } });
        await Client.ImportTemplateAsync($"""
            name: waves-{scope}
            stages:
              - name: prod
                waves:
                  - targets: [sandbox-eu]
                  - targets: [bad-eu]
                  - targets: [sandbox-us]
                steps:
                  - setWeight: 50
                  - analysis:
                      metric: error-rate
                      max: 0.05
                      interval: 1s
                      count: 1
            rollback:
              scope: {scope}
            """);
        var id = await Client.CreateReleaseAsync($"waves-{scope}", "2.0.0-broken");
        await Client.WaitForStateAsync(id, "RolledBack");
        return id;
    }

    private async Task<IReadOnlyList<JournalEvent>> ReadJournalAsync(string id) =>
        await Portal.Services.GetRequiredService<JournalRepository>().ReadAsync(id, 0);
}
