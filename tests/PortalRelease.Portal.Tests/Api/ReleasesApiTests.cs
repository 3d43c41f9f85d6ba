using PortalRelease.Portal.Tests.Releases;

namespace PortalRelease.Portal.Tests.Api;

public sealed class ReleasesApiTests : PortalTest
{
    [Fact]
    public async Task CreateRelease_QuickCanary_ReachesPromotedAndAppliesEveryKeyOnce()
    {
        var id = await Client.CreateReleaseAsync("quick-canary", "1.2.3");

        var release = await Client.WaitForStateAsync(id, "Promoted");

        Assert.Equal("quick-canary", release.Template);
        Assert.Equal("1.2.3", release.Version);
        Assert.Equal(0, release.CanaryWeight);
        Assert.Equal(["rollback"], release.AvailableCommands);
        var events = await Client.GetEventsAsync(id);
        JournalChecks.SeqsAreContiguous(events);
        JournalChecks.StepsRanAtMostOnceInOrder(events);
        JournalChecks.EveryIntendedActionDoneOnce(events);
        JournalChecks.LedgerAppliedEachKeyOnce(Portal.Home, id, events);
        // setWeight 25, analysis, setWeight 100, and the promote step the portal adds.
        Assert.Equal([0, 1, 2, 3], events.Where(e => e.Type == "StepCompleted").Select(e => e.Index));
        var verdict = Assert.Single(events, e => e.Type == "AnalysisVerdict");
        Assert.Equal("Passed", verdict.Str("verdict"));
        Assert.Equal(
            ["Validated", "Deploying", "Verifying", "Deploying", "Promoted"],
            events.Where(e => e.Type == "StateChanged").Select(e => e.Str("to")));
    }

    [Fact]
    public async Task CreateRelease_FaultyVersion_FailsAnalysisAndRollsBack()
    {
        var id = await Client.CreateReleaseAsync("quick-canary", "1.2.3-bad");

        var release = await Client.WaitForStateAsync(id, "RolledBack");

        Assert.Equal(0, release.CanaryWeight);
        var events = await Client.GetEventsAsync(id);
        var verdict = Assert.Single(events, e => e.Type == "AnalysisVerdict");
        Assert.Equal("Failed", verdict.Str("verdict"));
        var rollback = Assert.Single(events, e => e.Type == "ActionIntended" && e.Str("action") == "rollback");
        Assert.Equal("sandbox-eu", rollback.Str("target"));
        Assert.Single(events, e => e.Type == "ActionDone" && e.Key == rollback.Key);
        Assert.True(rollback.Seq > verdict.Seq);
        Assert.DoesNotContain(events, e => e.Type == "ActionIntended" && e.Str("cohort") == "stable");
        Assert.Equal(
            ["Validated", "Deploying", "Verifying", "Failed", "RolledBack"],
            events.Where(e => e.Type == "StateChanged").Select(e => e.Str("to")));
        JournalChecks.SeqsAreContiguous(events);
        JournalChecks.EveryIntendedActionDoneOnce(events);
        JournalChecks.LedgerAppliedEachKeyOnce(Portal.Home, id, events);
    }

    [Fact]
    public async Task GetEvents_WithAfter_ReturnsOnlyLaterEvents()
    {
        var id = await Client.CreateReleaseAsync("quick-canary", "2.0.0");
        await Client.WaitForStateAsync(id, "Promoted");
        var all = await Client.GetEventsAsync(id);
        var n = all.Count / 2;

        var later = await Client.GetEventsAsync(id, after: n);
        var none = await Client.GetEventsAsync(id, after: all[^1].Seq);
        var everything = await Client.GetEventsAsync(id, after: 0);

        Assert.Equal(all.Where(e => e.Seq > n).Select(e => e.Seq), later.Select(e => e.Seq));
        Assert.Equal(n + 1, later[0].Seq);
        Assert.Empty(none);
        Assert.Equal(all.Select(e => e.Seq), everything.Select(e => e.Seq));
    }

    [Fact]
    public async Task ListReleases_AfterCreate_ShowsTheRelease()
    {
        var id = await Client.CreateReleaseAsync("quick-canary", "3.0.0");
        await Client.WaitForStateAsync(id, "Promoted");

        using var list = System.Text.Json.JsonDocument.Parse(await Portal.Http.GetStringAsync("/api/releases"));

        var listed = Assert.Single(list.RootElement.EnumerateArray(), r => r.GetProperty("id").GetString() == id);
        Assert.Equal("Promoted", listed.GetProperty("state").GetString());
    }
}
