using System.Text.Json;
using PortalRelease.Portal.Dashboards;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Releases;
using PortalRelease.Portal.Releases.Journal;

namespace PortalRelease.Portal.Tests.Dashboards;

public sealed class ReleaseFactsProjectorTests
{
    /// <summary>Every fact as JSON with times to the millisecond, the precision the table keeps.</summary>
    private static string Snapshot(IEnumerable<ReleaseFact> facts) => JsonSerializer.Serialize(facts.Select(f =>
        typeof(ReleaseFact).GetProperties().Where(p => p.CanWrite).ToDictionary(p => p.Name, p => p.GetValue(f) switch
        {
            DateTimeOffset at => at.ToUnixTimeMilliseconds(),
            var value => value,
        })));

    [Fact]
    public async Task Rebuild_AfterDeletingFacts_IsIdenticalFromTheJournal()
    {
        await using var services = await DashboardServices.StartAsync();
        var facts = services.Get<ReleaseFactsRepository>();
        var before = await facts.ListAllAsync();
        Assert.Equal(14, before.Count);

        await facts.DeleteAllAsync();
        Assert.Empty(await facts.ListAllAsync());
        var rebuilt = await services.Get<ReleaseFactsProjector>().CatchUpAsync();

        Assert.Equal(14, rebuilt);
        Assert.Equal(Snapshot(before), Snapshot(await facts.ListAllAsync()));
        Assert.Equal(0, await services.Get<ReleaseFactsProjector>().CatchUpAsync());
    }

    [Fact]
    public async Task Rebuild_ManyReleases_OnePassOverTheJournalMatchesFoldingEachRelease()
    {
        // Above the scan threshold the projector reads the whole journal once; it must agree with reading each release.
        await using var services = await DashboardServices.StartAsync(withHistory: false);
        var template = await services.Get<TemplateRepository>().SaveAsync(DemoHistory.TemplateName, null, DemoHistory.TemplateYaml, DemoHistory.Actor, ConstructedHistory.Now);
        await DemoHistory.WriteAsync(services.Get<JournalWriter>(), new DemoHistory(seed: 3).Generate(2_500, 120, ConstructedHistory.Now, template.Record.Version));

        Assert.Equal(2_500, await services.Get<ReleaseFactsProjector>().CatchUpAsync());

        var journal = services.Get<JournalRepository>();
        var stored = await services.Get<ReleaseFactsRepository>().ListAllAsync();
        var expected = new List<ReleaseFact>();
        foreach (var id in stored.Select(f => f.ReleaseId))
        {
            var fact = ReleaseFactFolder.Start(id);
            foreach (var e in await journal.ReadAsync(id))
            {
                ReleaseFactFolder.Apply(fact, e);
            }
            expected.Add(fact);
        }
        Assert.Equal(Snapshot(expected), Snapshot(stored));
        Assert.Contains(stored, f => f.Failure == "incident");
        Assert.Contains(stored, f => f.Failure == "rolled-back");
        Assert.Contains(stored, f => f.Fixes is not null);
    }

    [Fact]
    public async Task Running_FoldsNewEventsFromTheStream()
    {
        await using var services = await DashboardServices.StartAsync();
        var projector = services.Get<ReleaseFactsProjector>();
        await projector.StartAsync(CancellationToken.None);
        try
        {
            // A11 waits for a person; someone resumes it and it is promoted.
            await services.Get<JournalWriter>().AppendAsync("A11",
                EventDraft.Of(new Resumed("approved")),
                EventDraft.Of(new StateChanged(Lifecycle.Verifying, Lifecycle.Promoted, null)));

            var facts = services.Get<ReleaseFactsRepository>();
            var deadline = DateTimeOffset.UtcNow.AddSeconds(10);
            ReleaseFact a11;
            while ((a11 = (await facts.ListAllAsync()).Single(f => f.ReleaseId == "A11")).State != "Promoted")
            {
                Assert.True(DateTimeOffset.UtcNow < deadline, "the projector did not fold the new events");
                await Task.Delay(20);
            }
            Assert.False(a11.Awaiting);
            Assert.Equal(ConstructedHistory.Now, a11.PromotedAt);
            Assert.NotNull(a11.SettledAt);
        }
        finally
        {
            await projector.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task OldReleaseCreated_WithoutMetadata_StillFoldsWithDefaults()
    {
        await using var services = await DashboardServices.StartAsync(withHistory: false);
        await services.Get<TemplateRepository>().SaveAsync("old", null, "name: old", "test", ConstructedHistory.Now);
        // The payload as releases wrote it before metadata existed.
        var old = JsonDocument.Parse("""{"template":"old","templateVersion":1,"version":"0.9.0","parameters":{}}""").RootElement.Clone();
        await services.Get<JournalWriter>().CreateReleaseAsync(
            new ReleaseRecord("old1", "old", 1, "0.9.0", "{}", "{}", ConstructedHistory.Now, "test"),
            [new EventDraft(nameof(ReleaseCreated), "test", old)]);

        await services.Get<ReleaseFactsProjector>().CatchUpAsync();

        var fact = Assert.Single(await services.Get<ReleaseFactsRepository>().ListAllAsync());
        Assert.Equal(("unassigned", "old", "0.9.0"), (fact.Team, fact.Service, fact.Version));
    }
}
