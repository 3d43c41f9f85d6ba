using System.Diagnostics;
using System.Net;
using PortalRelease.Portal.Tests.Api;

namespace PortalRelease.Portal.Tests.Releases;

/// <summary>
/// Driver calls against the real fixture plugin loaded from disk, made to fail, throw or hang by its target's
/// settings: retries only for transient failures and with the same idempotency key, a timeout per attempt, a
/// circuit breaker per target, and a release that rolls back while the portal keeps serving.
/// </summary>
public sealed class ResilientDriverCallTests
{
    private const string Template = """
        name: fixture-deploy
        service: fixture-service
        parameters:
          - name: target
            type: string
            default: fx-ok
        stages:
          - name: only
            targets: ["{{ target }}"]
            steps:
              - setWeight: 50
        """;

    /// <summary>
    /// Fast timings; the breaker needs more failures than the retry and timeout tests ever make. Only the hang test
    /// wants a short attempt timeout: elsewhere a loaded machine can take longer than that just to start an attempt
    /// (a thread-pool queue), which times the attempt out before the driver sees it and shifts every count.
    /// </summary>
    private static Dictionary<string, string> Settings(int minimumThroughput = 50, double ratio = 1.0, string attemptTimeout = "00:00:30") => new()
    {
        ["Portal:Engine:Resilience:AttemptTimeout"] = attemptTimeout,
        ["Portal:Engine:Resilience:MaxRetries"] = "2",
        ["Portal:Engine:Resilience:RetryDelay"] = "00:00:00.020",
        ["Portal:Engine:Resilience:BreakerFailureRatio"] = ratio.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Portal:Engine:Resilience:BreakerMinimumThroughput"] = minimumThroughput.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Portal:Engine:Resilience:BreakerSamplingDuration"] = "00:00:30",
        ["Portal:Engine:Resilience:BreakerBreakDuration"] = "00:01:00",
    };

    private static async Task<string> DeployAsync(OpsPortal portal, string target)
    {
        return await portal.Client.CreateReleaseAsync("fixture-deploy", "1.0.0", new { target });
    }

    [Fact]
    public async Task Apply_TransientFailuresTwice_RetriesWithTheSameKeyAndPromotes()
    {
        await using var portal = new OpsPortal(Settings());
        await portal.Client.ImportTemplateAsync(Template);
        await portal.AddFixtureTargetAsync("fx-flaky", new { failTimes = 2, transient = true });

        var id = await DeployAsync(portal, "fx-flaky");

        await portal.Client.WaitForStateAsync(id, "Promoted");
        var key = $"{id}/step-0/fx-flaky";
        var applies = portal.CallLog("fx-flaky").Where(c => c.Operation == "apply" && c.Key == key).ToList();
        Assert.Equal([(1, "DriverException"), (2, "DriverException"), (3, "ok")], applies.Select(c => (c.Attempt, c.Outcome)));
        var events = await portal.Client.GetEventsAsync(id);
        Assert.Single(events, e => e.Type == "ActionIntended" && e.Key == key);
        Assert.Single(events, e => e.Type == "ActionDone" && e.Key == key);
        Assert.DoesNotContain(events, e => e.Type == "ActionFailed");
    }

    [Fact]
    public async Task Apply_PermanentFailure_IsNotRetriedAndRollsBack()
    {
        await using var portal = new OpsPortal(Settings());
        await portal.Client.ImportTemplateAsync(Template);
        await portal.AddFixtureTargetAsync("fx-broken", new { failTimes = 10, transient = false });

        var id = await DeployAsync(portal, "fx-broken");

        await portal.Client.WaitForStateAsync(id, "RolledBack");
        var calls = portal.CallLog("fx-broken");
        Assert.Single(calls, c => c.Operation == "apply");
        Assert.Single(calls, c => c.Operation == "rollback");
        var failed = (await portal.Client.GetEventsAsync(id)).Single(e => e.Type == "ActionFailed");
        Assert.Equal("Setting canary weight 50% on 'fx-broken' failed: fixture failure 1 for " + $"{id}/step-0/fx-broken", failed.Str("error"));
    }

    [Fact]
    public async Task Apply_DriverHangs_EachAttemptTimesOutThenRollsBackAndThePortalKeepsServing()
    {
        await using var portal = new OpsPortal(Settings(attemptTimeout: "00:00:00.300"));
        await portal.Client.ImportTemplateAsync(Template);
        await portal.AddFixtureTargetAsync("fx-hung", new { hangMs = 2000 });
        // The healthy target's own budget keeps its calls clear of the short timeout on a loaded machine.
        await portal.AddFixtureTargetAsync("fx-ok", new { callBudgetMs = 30_000 });

        var id = await DeployAsync(portal, "fx-hung");
        var other = await DeployAsync(portal, "fx-ok");

        await portal.Client.WaitForStateAsync(other, "Promoted");
        var settled = await portal.Client.WaitForStateAsync(id, "RolledBack");
        var failed = (await portal.Client.GetEventsAsync(id)).Single(e => e.Type == "ActionFailed");
        Assert.Equal("Setting canary weight 50% on 'fx-hung' timed out after 0.3 s (after 3 attempts).", failed.Str("error"));
        Assert.Contains("timed out", settled.Reason);
        using var health = await portal.Http.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        // The hung attempts finish later on their own threads; each was given up on, and none reached the journal.
        await Poll.UntilAsync(() => Task.FromResult(portal.CallLog("fx-hung").Count(c => c.Operation == "apply") == 3), "the three abandoned attempts to return");
    }

    [Fact]
    public async Task Apply_PluginBugOpensTheTargetsBreaker_NextReleaseFailsFastWithAClearMessage()
    {
        // Three calls in the window (the status read at validation, the one when the release takes its targets, the
        // apply), one failed: above a third failed, the breaker opens.
        await using var portal = new OpsPortal(Settings(minimumThroughput: 2, ratio: 0.3));
        await portal.Client.ImportTemplateAsync(Template);
        await portal.AddFixtureTargetAsync("fx-bug", new { throwBug = true });
        await portal.AddFixtureTargetAsync("fx-ok", new { });

        var first = await DeployAsync(portal, "fx-bug");
        var firstSettled = await portal.Client.WaitForStateAsync(first, "RolledBack");
        Assert.Contains("the plugin threw InvalidOperationException: fixture bug", firstSettled.Reason);
        var callsBefore = portal.CallLog("fx-bug").Count;

        var clock = Stopwatch.StartNew();
        var second = await DeployAsync(portal, "fx-bug");
        var secondSettled = await portal.Client.WaitForStateAsync(second, "Failed");
        clock.Stop();

        Assert.Contains("circuit breaker of target 'fx-bug' is open", secondSettled.Reason);
        Assert.Equal(callsBefore, portal.CallLog("fx-bug").Count);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"refusing took {clock.Elapsed}");
        // Other targets have their own breaker.
        var unaffected = await DeployAsync(portal, "fx-ok");
        await portal.Client.WaitForStateAsync(unaffected, "Promoted");
    }
}
