using System.Net;
using PortalRelease.Portal.Tests.Api;
using PortalRelease.Portal.Tests.Gates;
using PortalRelease.Portal.Tests.Strategies;

namespace PortalRelease.Portal.Tests.Trains;

/// <summary>
/// A train whose independent lanes both reach a stage in a frozen environment: the train is held as one (one
/// WindowWaiting, the one the override endpoint reads), and one override lets both lanes deploy.
/// </summary>
public sealed class TrainWindowTests
{
    private static readonly Dictionary<string, string> Frozen = new()
    {
        ["Portal:Calendars:production:TimeZone"] = "UTC",
        ["Portal:Calendars:production:Freezes:0:From"] = "2000-01-01T00:00",
        ["Portal:Calendars:production:Freezes:0:To"] = "2100-01-01T00:00",
        ["Portal:Calendars:production:Freezes:0:Reason"] = "year-end freeze",
    };

    [Theory]
    [InlineData("prod", "prod")]
    [InlineData("api-prod", "worker-prod")]
    public async Task TwoLanesInAFrozenEnvironment_WaitAsOne_AndOneOverrideLetsBothDeploy(string apiStage, string workerStage)
    {
        var yaml = $$"""
            name: frozen-train-{{apiStage}}
            components:
              - name: api
                stages:
                  - { name: {{apiStage}}, environment: production, targets: [sandbox-eu], steps: [{ setWeight: 50 }] }
              - name: worker
                stages:
                  - { name: {{workerStage}}, environment: production, targets: [sandbox-us], steps: [{ setWeight: 50 }] }
            """;
        await using var portal = new GatesPortal(Frozen);
        var train = new TrainJournal(yaml);
        await portal.LabelAsync("sandbox-eu", "production");
        await portal.LabelAsync("sandbox-us", "production");
        var id = await portal.StartAsync(yaml, "3.0.0");

        var held = await portal.Client.WaitForEventsAsync(id, es => es.Any(e => e.Type == "WindowWaiting"), "the freeze to hold the train");
        Assert.Contains("year-end freeze", held.First(e => e.Type == "WindowWaiting").Str("reason"));
        Assert.DoesNotContain(held, e => e.Type is "ActionIntended" or "StepStarted");

        var overridden = await portal.PostAsync("bob", $"/api/releases/{id}/override", new { gate = "window", reason = "hotfix INC-7" });
        Assert.Equal(HttpStatusCode.Accepted, overridden.Status);

        await portal.Client.WaitForStateAsync(id, "Promoted", TimeSpan.FromSeconds(60));
        var events = await portal.Client.GetEventsAsync(id);
        train.AssertLanesRanAtMostOnceInOrder(events);
        // The held lane journaled no wait of its own, before the override or after it: one wait, one override.
        var waiting = Assert.Single(events, e => e.Type == "WindowWaiting");
        var entry = Assert.Single(events, e => e.Type == "GateOverridden");
        Assert.Equal(waiting.Index, entry.Index);
        Assert.Equal("bob", entry.Actor);
        Assert.DoesNotContain(events, e => e.Type is "ActionIntended" or "StepStarted" && e.Seq < entry.Seq);
        // Both components deployed after the one override.
        Assert.True(train.LastCompleted(events, "api") > entry.Seq, "api deployed after the override");
        Assert.True(train.LastCompleted(events, "worker") > entry.Seq, "worker deployed after the override");
        var done = StrategyPortal.DoneActions(events);
        Assert.Contains(done, a => a.StartsWith("sandbox-eu apply", StringComparison.Ordinal));
        Assert.Contains(done, a => a.StartsWith("sandbox-us apply", StringComparison.Ordinal));
    }
}
