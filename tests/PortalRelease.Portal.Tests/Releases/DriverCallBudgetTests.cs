using PortalRelease.Portal.Tests.Api;

namespace PortalRelease.Portal.Tests.Releases;

/// <summary>
/// A driver that waits for its target to converge declares a per-call budget (<c>ILongRunningDriver</c>): the engine
/// gives each apply attempt that long instead of cutting it at the configured attempt timeout and re-issuing it.
/// The real fixture plugin, loaded from disk, takes 1.2 s per apply against a 0.3 s attempt timeout.
/// </summary>
public sealed class DriverCallBudgetTests
{
    private const string Template = """
        name: fixture-slow
        service: fixture-service
        parameters:
          - name: target
            type: string
            default: fx-slow
        stages:
          - name: only
            targets: ["{{ target }}"]
            steps:
              - setWeight: 50
        """;

    private static Dictionary<string, string> Settings() => new()
    {
        ["Portal:Engine:Resilience:AttemptTimeout"] = "00:00:00.300",
        ["Portal:Engine:Resilience:MaxRetries"] = "2",
        ["Portal:Engine:Resilience:RetryDelay"] = "00:00:00.020",
        ["Portal:Engine:Resilience:BreakerMinimumThroughput"] = "50",
    };

    [Fact]
    public async Task Apply_SlowerThanTheAttemptTimeoutWithinTheDriversBudget_RunsOnceAndPromotes()
    {
        await using var portal = new OpsPortal(Settings());
        await portal.Client.ImportTemplateAsync(Template);
        await portal.AddFixtureTargetAsync("fx-slow", new { applyDelayMs = 1200, callBudgetMs = 10_000 });

        var id = await portal.Client.CreateReleaseAsync("fixture-slow", "1.0.0", new { target = "fx-slow" });

        await portal.Client.WaitForStateAsync(id, "Promoted");
        var key = $"{id}/step-0/fx-slow";
        var applies = portal.CallLog("fx-slow").Where(c => c.Operation == "apply" && c.Key == key).ToList();
        Assert.Equal([(1, "ok")], applies.Select(c => (c.Attempt, c.Outcome)));
        Assert.DoesNotContain(await portal.Client.GetEventsAsync(id), e => e.Type == "ActionFailed");
    }

    [Fact]
    public async Task Apply_SlowerThanTheAttemptTimeoutWithoutABudget_TimesOutAtTheAttemptTimeout()
    {
        await using var portal = new OpsPortal(Settings());
        await portal.Client.ImportTemplateAsync(Template);
        await portal.AddFixtureTargetAsync("fx-slow", new { applyDelayMs = 1200 });

        var id = await portal.Client.CreateReleaseAsync("fixture-slow", "1.0.0", new { target = "fx-slow" });

        await portal.Client.WaitForStateAsync(id, "RolledBack");
        var failed = (await portal.Client.GetEventsAsync(id)).Single(e => e.Type == "ActionFailed");
        Assert.Equal("Setting canary weight 50% on 'fx-slow' timed out after 0.3 s (after 3 attempts).", failed.Str("error"));
    }

    [Fact]
    public async Task Apply_LongerThanTheDriversBudget_TimesOutAtTheBudget()
    {
        await using var portal = new OpsPortal(Settings());
        await portal.Client.ImportTemplateAsync(Template);
        await portal.AddFixtureTargetAsync("fx-slow", new { applyDelayMs = 5000, callBudgetMs = 600 });

        var id = await portal.Client.CreateReleaseAsync("fixture-slow", "1.0.0", new { target = "fx-slow" });

        await portal.Client.WaitForStateAsync(id, "RolledBack");
        var failed = (await portal.Client.GetEventsAsync(id)).Single(e => e.Type == "ActionFailed");
        Assert.Equal("Setting canary weight 50% on 'fx-slow' timed out after 0.6 s (after 3 attempts).", failed.Str("error"));
    }
}
