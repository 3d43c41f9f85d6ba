using System.Net;
using System.Text.RegularExpressions;
using PortalRelease.Portal.Tests.Gates;
using PortalRelease.Portal.Tests.Strategies;

namespace PortalRelease.Portal.Tests.Slos;

/// <summary>Burn-rate pauses and error-budget freezes on the real portal with real Sandbox targets.</summary>
public sealed partial class ErrorBudgetEngineTests
{
    [GeneratedRegex(@"^paused: availability burn rate \d+(\.\d)?× over 5s exceeds 2×$")]
    private static partial Regex BurnPause();

    [GeneratedRegex(@"^paused: availability burn rate (?<long>\d+(\.\d)?)× over 1m and (?<short>\d+(\.\d)?)× over 5s exceed 2×$")]
    private static partial Regex LongBurnPause();

    [Fact]
    public async Task Release_WhoseVersionBurnsTheBudget_PausesWithTheNumbers()
    {
        await using var portal = new GatesPortal();
        await portal.Client.AddSandboxTargetAsync("burn-eu", new { fault = new { versionPattern = "*-bad", errorRate = 0.5 } });
        var id = await portal.StartAsync("""
            name: payments-canary
            service: payments
            slos:
              - name: availability
                objective: 99%
                window: 1h
                good: requests-good
                total: requests-total
                burnRate: { shortWindow: 5s, longWindow: 1m, pauseAbove: 2 }
            stages:
              - name: prod
                targets: [burn-eu]
                steps:
                  - setWeight: 50
                  - pause: { duration: 10m }
            """, "2.0.0-bad");

        var events = await portal.Client.WaitForEventsAsync(id, es => es.Any(e => e.Type == "Paused"), "the burn to pause the release", TimeSpan.FromSeconds(60));

        var paused = Assert.Single(events, e => e.Type == "Paused");
        Assert.Matches(BurnPause(), paused.Str("reason"));
        Assert.Equal("engine", paused.Actor);
        // The canary took traffic before the pause; nothing was promoted.
        Assert.True(events.First(e => e.Type == "ActionDone").Seq < paused.Seq);
        Assert.DoesNotContain(events, e => e.Type == "StateChanged" && e.Str("to") == "Promoted");
    }

    [Fact]
    public async Task Release_WhoseBurnLastsOverTheLongWindow_PausesWithBothNumbers()
    {
        await using var portal = new GatesPortal();
        // Half the canary's requests fail at 50 % weight: about 25× the 1 % budget over 5 s, and rising over 1 m as
        // the clean traffic from before the release leaves the window. The short rule (1000×) never trips.
        await portal.Client.AddSandboxTargetAsync("slow-burn-eu", new { baseErrorRate = 0.0, fault = new { versionPattern = "*-bad", errorRate = 0.5 } });
        var id = await portal.StartAsync("""
            name: ledger-canary
            service: ledger
            slos:
              - name: availability
                objective: 99%
                window: 1h
                good: requests-good
                total: requests-total
                burnRate: { shortWindow: 5s, longWindow: 1m, pauseAbove: 1000, pauseAboveLong: 2 }
            stages:
              - name: prod
                targets: [slow-burn-eu]
                steps:
                  - setWeight: 50
                  - pause: { duration: 10m }
            """, "2.0.0-bad");

        var events = await portal.Client.WaitForEventsAsync(id, es => es.Any(e => e.Type == "Paused"), "the long-window rule to pause the release", TimeSpan.FromSeconds(60));

        var paused = Assert.Single(events, e => e.Type == "Paused");
        var reason = paused.Str("reason") ?? "";
        var match = LongBurnPause().Match(reason);
        Assert.True(match.Success, reason);
        // Both above 2× (written to one decimal, so 2.04× reads "2×").
        Assert.True(double.Parse(match.Groups["long"].Value, System.Globalization.CultureInfo.InvariantCulture) >= 2, reason);
        Assert.True(double.Parse(match.Groups["short"].Value, System.Globalization.CultureInfo.InvariantCulture) >= 2, reason);
        Assert.Equal("engine", paused.Actor);
        Assert.DoesNotContain(events, e => e.Type == "StateChanged" && e.Str("to") == "Promoted");

        var slo = (await portal.GetAsync("bob", "/api/slos")).EnumerateArray().Single(s => s.GetProperty("service").GetString() == "ledger").GetProperty("slos")[0];
        Assert.Equal(2, slo.GetProperty("policy").GetProperty("pauseAboveLong").GetDouble());
    }

    [Fact]
    public async Task SpentBudget_FreezesANewRelease_UntilAnOverrideWithAReason()
    {
        await using var portal = new GatesPortal();
        // 5 % of requests fail against a 99 % objective: once traffic flows the budget is overspent about four times.
        await portal.Client.AddSandboxTargetAsync("slo-eu", new { baseErrorRate = 0.05 });
        const string template = """
            name: checkout-canary
            service: checkout
            slos:
              - name: availability
                objective: 99%
                window: 10m
                good: requests-good
                total: requests-total
                burnRate: { shortWindow: 10s, longWindow: 1m, pauseAbove: 1000 }
            stages:
              - name: prod
                targets: [slo-eu]
                steps:
                  - setWeight: 50
            """;
        // The target has served traffic (at 5 % errors) since it was created: the budget is spent before the release starts.
        await portal.Client.ImportTemplateAsync(template);
        var created = await portal.PostAsync("alice", "/api/releases", new { template = "checkout-canary", version = "1.0.0" });
        // Created all the same, and the answer says at once which gate holds it and why.
        Assert.Equal(HttpStatusCode.Created, created.Status);
        var body = System.Text.Json.JsonDocument.Parse(created.Body).RootElement;
        var id = body.GetProperty("id").GetString()!;
        var wait = Assert.Single(body.GetProperty("waitsFor").EnumerateArray());
        Assert.Equal("error-budget", wait.GetProperty("gate").GetString());
        Assert.Equal("prod", wait.GetProperty("stage").GetString());
        Assert.StartsWith("frozen: error budget of checkout spent (\u2212", wait.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var events = await portal.Client.WaitForEventsAsync(id, es => es.Any(e => e.Type == "WindowWaiting"), "the freeze to hold the release");

        var waiting = events.Single(e => e.Type == "WindowWaiting");
        Assert.StartsWith("frozen: error budget of checkout spent (\u2212", waiting.Str("reason"), StringComparison.Ordinal);
        Assert.DoesNotContain(events, e => e.Type == "ActionIntended");
        var release = await portal.GetAsync("bob", $"/api/releases/{id}");
        Assert.Equal("Deploying", release.GetProperty("state").GetString());

        var wrongGate = await portal.PostAsync("bob", $"/api/releases/{id}/override", new { gate = "window", reason = "hotfix" });
        Assert.Equal(HttpStatusCode.Conflict, wrongGate.Status);
        Assert.Contains("override gate 'error-budget'", wrongGate.Detail, StringComparison.Ordinal);
        var noReason = await portal.PostAsync("bob", $"/api/releases/{id}/override", new { gate = "error-budget" });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.Status);
        var overridden = await portal.PostAsync("bob", $"/api/releases/{id}/override", new { gate = "error-budget", reason = "fixes the errors" });
        Assert.Equal(HttpStatusCode.Accepted, overridden.Status);

        await portal.Client.WaitForStateAsync(id, "Promoted");
        events = await portal.Client.GetEventsAsync(id);
        var entry = Assert.Single(events, e => e.Type == "GateOverridden");
        Assert.Equal("bob", entry.Actor);
        Assert.Equal("error-budget", entry.Str("gate"));
        Assert.Equal("fixes the errors", entry.Str("reason"));
        Assert.True(entry.Seq < events.First(e => e.Type == "ActionIntended").Seq);

        await SlosApi_ShowsTheSpentBudgetAndTheReleaseAsync(portal, id);
    }

    private static async Task SlosApi_ShowsTheSpentBudgetAndTheReleaseAsync(GatesPortal portal, string id)
    {
        var list = await portal.GetAsync("bob", "/api/slos");
        var checkout = list.EnumerateArray().Single(s => s.GetProperty("service").GetString() == "checkout");
        Assert.True(checkout.GetProperty("frozen").GetBoolean(), checkout.GetRawText());
        Assert.Equal(["slo-eu"], checkout.GetProperty("targets").EnumerateArray().Select(t => t.GetString()));
        var slo = checkout.GetProperty("slos")[0];
        Assert.Equal("availability", slo.GetProperty("name").GetString());
        Assert.Equal(0.99, slo.GetProperty("objective").GetDouble(), 9);
        Assert.Equal("10m", slo.GetProperty("window").GetString());
        Assert.Equal("exhausted", slo.GetProperty("state").GetString());
        Assert.InRange(slo.GetProperty("sli").GetDouble(), 0.9, 0.99);
        Assert.True(slo.GetProperty("budgetRemaining").GetDouble() < 0);
        Assert.True(slo.GetProperty("shortBurn").GetDouble() > 1);
        Assert.Equal("10s", slo.GetProperty("policy").GetProperty("shortWindow").GetString());
        Assert.Equal(1000, slo.GetProperty("policy").GetProperty("pauseAbove").GetDouble());

        var detail = await portal.GetAsync("bob", "/api/slos/checkout");
        var history = detail.GetProperty("history")[0];
        Assert.Equal("availability", history.GetProperty("name").GetString());
        Assert.Equal(30, history.GetProperty("points").GetArrayLength());
        var markers = detail.GetProperty("deployments").EnumerateArray()
            .Select(m => $"{m.GetProperty("releaseId").GetString()} {m.GetProperty("event").GetString()}")
            .ToList();
        Assert.Equal([$"{id} started", $"{id} promoted"], markers);

        var missing = await portal.SendAsync("bob", HttpMethod.Get, "/api/slos/nope");
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.Contains("No template declares SLOs for service 'nope'", missing.Detail, StringComparison.Ordinal);
    }
}
