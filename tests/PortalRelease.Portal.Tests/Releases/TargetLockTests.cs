using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Tests.Api;

namespace PortalRelease.Portal.Tests.Releases;

public sealed class TargetLockTests
{
    private const string SerialTemplate = """
        name: lock-serial
        description: A short deployment on one target, long enough for others to have to wait.
        stages:
          - name: only
            targets: [sandbox-eu]
            steps:
              - setWeight: 25
              - pause: { duration: 300ms }
              - setWeight: 50
        """;

    private const string GateTemplate = """
        name: lock-gate
        stages:
          - name: only
            targets: [sandbox-eu]
            steps:
              - setWeight: 25
              - pause: {}
        """;

    [Fact]
    public async Task Create_EightAtOnceOnOneTarget_DeployOneAtATimeInCreationOrder()
    {
        await using var portal = new OpsPortal();
        var client = portal.Client;
        await client.ImportTemplateAsync(SerialTemplate);

        var ids = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => client.CreateReleaseAsync("lock-serial", $"2.0.{i}")));

        var subStates = new HashSet<string>(StringComparer.Ordinal);
        await Poll.UntilAsync(
            async () =>
            {
                using var response = await client.Http.GetAsync("/api/releases");
                using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                var mine = json.RootElement.EnumerateArray().Where(r => ids.Contains(r.GetProperty("id").GetString())).ToList();
                foreach (var release in mine)
                {
                    if (release.TryGetProperty("subState", out var sub) && sub.ValueKind == JsonValueKind.String)
                    {
                        subStates.Add(sub.GetString()!);
                    }
                }
                return mine.Count == 8 && mine.All(r => r.GetProperty("state").GetString() == "Promoted");
            },
            "all eight releases to be promoted",
            TimeSpan.FromSeconds(120));

        var releases = new List<(string Id, DateTimeOffset CreatedAt, DateTimeOffset FirstIntended, DateTimeOffset Settled, IReadOnlyList<TimedEvent> Events)>();
        foreach (var id in ids)
        {
            var created = (await client.GetReleaseAsync(id)).CreatedAt;
            var events = await TimedEvent.ReadAsync(client, id);
            var locked = events.Single(e => e.Type == "TargetsLocked");
            var first = events.First(e => e.Type == "ActionIntended");
            Assert.True(locked.Seq < first.Seq, $"{id} acted on a target before it locked it");
            var settled = events.Last(e => e.Type == "StateChanged" && e.Str("to") == "Promoted");
            releases.Add((id, created, first.At, settled.At, events));
        }
        var byHold = releases.OrderBy(r => r.FirstIntended).ToList();
        for (var i = 1; i < byHold.Count; i++)
        {
            Assert.True(byHold[i - 1].Settled <= byHold[i].FirstIntended,
                $"{byHold[i].Id} started deploying at {byHold[i].FirstIntended:O} before {byHold[i - 1].Id} settled at {byHold[i - 1].Settled:O}");
        }
        var byCreation = releases.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id, StringComparer.Ordinal).Select(r => r.Id).ToList();
        Assert.Equal(byCreation, byHold.Select(r => r.Id).ToList());
        // Everyone but the first waited visibly, once per release ahead of it at most, and behind someone created earlier.
        foreach (var (release, position) in byHold.Select((r, i) => (r, i)).Skip(1))
        {
            var queued = release.Events.Where(e => e.Type == "Queued").ToList();
            Assert.NotEmpty(queued);
            Assert.True(queued.Count <= position, $"{release.Id} journaled Queued {queued.Count} times");
            Assert.All(queued, q => Assert.Contains(q.Str("behind"), byCreation.Take(byCreation.IndexOf(release.Id))));
            Assert.All(queued, q => Assert.Equal("sandbox-eu", q.Str("on")));
        }
        Assert.Contains(subStates, s => s.StartsWith("Queued behind ", StringComparison.Ordinal) && s.EndsWith(" on sandbox-eu", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Create_BehindAReleaseThatSettledWithoutFreeingItsTarget_DeploysAnyway()
    {
        await using var portal = new OpsPortal();
        var client = portal.Client;
        await client.ImportTemplateAsync(SerialTemplate);
        var settled = await client.CreateReleaseAsync("lock-serial", "4.0.0");
        await client.WaitForStateAsync(settled, "Promoted");
        // What a node stopped between the final event and the free leaves behind: the target still claimed.
        var createdAt = (await client.GetReleaseAsync(settled)).CreatedAt;
        await portal.Services.GetRequiredService<TargetClaimRepository>().ClaimAsync(settled, createdAt, ["sandbox-eu"], holds: true);

        var next = await client.CreateReleaseAsync("lock-serial", "4.0.1");

        await client.WaitForStateAsync(next, "Promoted");
        // It may have journaled once that it found the settled release in its way, never more.
        Assert.All((await TimedEvent.ReadAsync(client, next)).Where(e => e.Type == "Queued"), q => Assert.Equal(settled, q.Str("behind")));
        Assert.True((await TimedEvent.ReadAsync(client, next)).Count(e => e.Type == "Queued") <= 1);
        Assert.Empty(await portal.Services.GetRequiredService<TargetClaimRepository>().ListAsync());
    }

    [Fact]
    public async Task Restart_WhileOneHoldsAndOneWaits_KeepsTheQueueAndDeploysInOrder()
    {
        using var home = new TempPortalHome();
        string holder, waiter;
        await using (var first = new OpsPortal(home: home))
        {
            await first.Client.ImportTemplateAsync(GateTemplate);
            holder = await first.Client.CreateReleaseAsync("lock-gate", "3.0.0");
            await first.Client.WaitForEventsAsync(holder, e => e.Any(x => x.Type == "PauseStarted"), "the holder to wait at its gate");
            waiter = await first.Client.CreateReleaseAsync("lock-gate", "3.0.1");
            var queued = await first.Client.WaitForEventsAsync(waiter, e => e.Any(x => x.Type == "Queued"), "the second release to queue");
            Assert.Equal(holder, queued.Single(e => e.Type == "Queued").Str("behind"));
        }

        // The first portal is gone: only the journal carries the line over.
        await using var restarted = new OpsPortal(home: home);
        var view = await restarted.Client.GetReleaseAsync(waiter);
        Assert.Equal($"Queued behind {holder} on sandbox-eu", view.SubState);
        Assert.Equal("Validated", view.State);

        using var resume = await restarted.Http.PostAsync($"/api/releases/{holder}/resume", null);
        Assert.Equal(HttpStatusCode.Accepted, resume.StatusCode);
        await restarted.Client.WaitForEventsAsync(waiter, e => e.Any(x => x.Type == "TargetsLocked"), "the waiter to take the target");
        var holderEvents = await TimedEvent.ReadAsync(restarted.Client, holder);
        var waiterEvents = await TimedEvent.ReadAsync(restarted.Client, waiter);
        var holderSettled = holderEvents.Last(e => e.Type == "StateChanged");
        Assert.Equal("Promoted", holderSettled.Str("to"));
        _ = await restarted.Client.WaitForEventsAsync(waiter, e => e.Any(x => x.Type == "ActionIntended"), "the waiter to deploy");
        Assert.True(holderSettled.At <= (await TimedEvent.ReadAsync(restarted.Client, waiter)).First(e => e.Type == "ActionIntended").At);
        Assert.Equal(1, waiterEvents.Count(e => e.Type == "Queued"));
    }

    [Fact]
    public async Task Rollback_OfAReleaseThatWaitedInLine_ReturnsToTheVersionTheReleaseAheadPromoted()
    {
        await using var portal = new OpsPortal();
        var client = portal.Client;
        await client.ImportTemplateAsync(GateTemplate);
        var holder = await client.CreateReleaseAsync("lock-gate", "2.1.0");
        await client.WaitForEventsAsync(holder, e => e.Any(x => x.Type == "PauseStarted"), "the holder to wait at its gate");
        var waiter = await client.CreateReleaseAsync("lock-gate", "3.0.0");
        var queued = await client.WaitForEventsAsync(waiter, e => e.Any(x => x.Type == "Queued"), "the second release to queue");
        // The waiter validated while the holder's 2.1.0 was still a canary: what ran then is not what runs when it deploys.
        var atValidation = queued.Single(e => e.Type == "StateChanged" && e.Str("to") == "Validated").Data.GetProperty("previous");
        Assert.NotEqual("2.1.0", atValidation.GetProperty("sandbox-eu").GetString());

        using (var resume = await client.Http.PostAsync($"/api/releases/{holder}/resume", null))
        {
            Assert.Equal(HttpStatusCode.Accepted, resume.StatusCode);
        }
        var deploying = await client.WaitForEventsAsync(waiter, e => e.Any(x => x.Type == "PauseStarted"), "the waiter to deploy and wait at its gate");
        var atDeploy = deploying.Single(e => e.Type == "StateChanged" && e.Str("to") == "Deploying").Data.GetProperty("previous");
        Assert.Equal("2.1.0", atDeploy.GetProperty("sandbox-eu").GetString());

        using (var rollback = await client.Http.PostAsync($"/api/releases/{waiter}/rollback", null))
        {
            Assert.Equal(HttpStatusCode.Accepted, rollback.StatusCode);
        }
        var rolledBack = await client.WaitForEventsAsync(
            waiter, e => e.Any(x => x.Type == "StateChanged" && x.Str("to") == "RolledBack"), "the waiter to roll back");
        var intended = rolledBack.Single(e => e.Type == "ActionIntended" && e.Str("action") == "rollback");
        Assert.Equal("2.1.0", intended.Str("toVersion"));
    }
}
