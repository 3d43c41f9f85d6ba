using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PortalRelease.Portal.Releases;
using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Portal.Tests.Api;

namespace PortalRelease.Portal.Tests.Releases;

/// <summary>The journal records who acted by stable id and by the display name they had, and says both on the wire.</summary>
public sealed class JournalActorNameTests : PortalTest
{
    [Fact]
    public async Task ReleaseCommands_ByANamedUser_RecordIdAndDisplayNameInTheJournalAndTheEventsApi()
    {
        var releases = Portal.Services.GetRequiredService<ReleaseService>();
        var alice = TestActor.Named("alice", "Alice Example");
        var created = await releases.CreateAsync(new NewRelease("quick-canary", "8.1.0", new Dictionary<string, JsonElement>()), alice);
        var id = created.Id!;

        var paused = await releases.ExecuteAsync(id, ReleaseCommand.Pause, alice, "looking at a graph");

        Assert.True(paused.Status == CommandStatus.Accepted, paused.Message);
        var events = await Client.GetEventsAsync(id);
        var byAlice = events.Where(e => e.Type is nameof(ReleaseCreated) or nameof(Paused)).ToList();
        Assert.Equal(2, byAlice.Count);
        Assert.All(byAlice, e => Assert.Equal(("alice", "Alice Example"), (e.Actor, e.ActorName)));
    }
}
