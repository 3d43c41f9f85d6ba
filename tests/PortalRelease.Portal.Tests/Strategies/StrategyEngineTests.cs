using PortalRelease.Portal.Tests.Api;
using PortalRelease.Portal.Tests.Releases;

namespace PortalRelease.Portal.Tests.Strategies;

/// <summary>Each strategy end to end: the real engine, the real Sandbox plugin from disk, journal and ledger checked.</summary>
public sealed class StrategyEngineTests : PortalTest
{
    private const string Analysis = """
                  metric: error-rate
                  max: 0.05
                  interval: 1s
                  count: 1
        """;

    [Fact]
    public async Task BlueGreen_Healthy_DeploysPreviewAnalysesSwitchesKeepsWarmRetiresAndPromotes()
    {
        await Client.ImportTemplateAsync(BlueGreen("bg", "sandbox-eu", "2s"));

        var id = await Client.CreateReleaseAsync("bg", "2.0.0");

        await Client.WaitForStateAsync(id, "Promoted");
        var events = await Client.GetEventsAsync(id);
        Assert.Equal(
            ["sandbox-eu apply preview 0", "sandbox-eu apply stable 100", "sandbox-eu apply previous 0"],
            StrategyPortal.DoneActions(events));
        Assert.Equal(
            [
                "Deploy the new version as preview (no live traffic)",
                "Analyse error-rate ≤ 0.05: 1 × every 1s, fail after 1 failure",
                "Switch all traffic to the new version; the previous one keeps running",
                "Analyse error-rate ≤ 0.05: 1 × every 1s, fail after 1 failure",
                "Keep the previous version warm for 2s (a rollback switches back instantly)",
                "Retire the previous version",
            ],
            events.Where(e => e.Type == "StepStarted").Select(e => e.Str("description")));
        Assert.Equal(2, events.Count(e => e.Type == "AnalysisVerdict" && e.Str("verdict") == "Passed"));
        var ledger = Portal.Home.Ledger("sandbox-eu");
        Assert.All(ledger, l => Assert.Equal("blue-green", l.Str("strategy")));
        Assert.Equal(["preview", "stable", "previous"], ledger.Select(l => l.Str("cohort")));
        JournalChecks.EveryIntendedActionDoneOnce(events);
    }

    [Fact]
    public async Task BlueGreen_RollbackDuringWarmWindow_SwitchesBackWithoutRedeploying()
    {
        await Client.ImportTemplateAsync(AllAtOnce("base", "sandbox-eu"));
        await Client.WaitForStateAsync(await Client.CreateReleaseAsync("base", "1.0.0"), "Promoted");
        await Client.ImportTemplateAsync(BlueGreen("bg", "sandbox-eu", "10m"));
        var id = await Client.CreateReleaseAsync("bg", "2.0.0");
        await Client.WaitForEventsAsync(id, e => e.Any(x => x.Type == "StepStarted" && x.Str("description")!.StartsWith("Keep the previous version warm", StringComparison.Ordinal)), "the warm window");

        await Client.PostCommandAsync(id, "rollback");

        await Client.WaitForStateAsync(id, "RolledBack");
        var rollback = Portal.Home.Ledger("sandbox-eu")[^1];
        Assert.Equal("rollback", rollback.Str("action"));
        Assert.Equal("switch-back", rollback.Str("mode"));
        Assert.Equal("1.0.0", rollback.Str("toVersion"));
        var events = await Client.GetEventsAsync(id);
        Assert.DoesNotContain("sandbox-eu apply previous 0", StrategyPortal.DoneActions(events));
        Assert.Contains("nothing redeployed", events.Last(e => e.Type == "ActionDone").Str("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BlueGreen_RollbackAfterRetirement_RedeploysThePreviousVersion()
    {
        await Client.ImportTemplateAsync(AllAtOnce("base", "sandbox-eu"));
        await Client.WaitForStateAsync(await Client.CreateReleaseAsync("base", "1.0.0"), "Promoted");
        // Blue-green with no warm window, then a stage that waits for a person: the rollback comes after retirement.
        await Client.ImportTemplateAsync("""
            name: bg-then-wait
            stages:
              - name: blue
                targets: [sandbox-eu]
                strategy: { blueGreen: { keepPreviousFor: 0s } }
              - name: hold
                targets: [sandbox-us]
                steps:
                  - pause: {}
            """);
        var id = await Client.CreateReleaseAsync("bg-then-wait", "2.0.0");
        await Client.WaitForEventsAsync(id, e => e.Any(x => x.Type == "PauseStarted"), "the hold");
        Assert.Equal("previous", Portal.Home.Ledger("sandbox-eu")[^1].Str("cohort"));

        await Client.PostCommandAsync(id, "rollback");

        await Client.WaitForStateAsync(id, "RolledBack");
        var rollback = Portal.Home.Ledger("sandbox-eu")[^1];
        Assert.Equal("rollback", rollback.Str("action"));
        Assert.Equal("redeploy", rollback.Str("mode"));
        Assert.Equal("1.0.0", rollback.Str("toVersion"));
    }

    [Fact]
    public async Task Rolling_ReplacesInBatchesWithAnalysisBetween()
    {
        await Client.ImportTemplateAsync($$"""
            name: roll
            stages:
              - name: sandbox
                targets: [sandbox-eu]
                strategy:
                  rolling:
                    batchSize: 1
                    instances: 3
                    analysis:
            {{Analysis}}
            """);

        var id = await Client.CreateReleaseAsync("roll", "2.0.0");

        await Client.WaitForStateAsync(id, "Promoted");
        var events = await Client.GetEventsAsync(id);
        Assert.Equal(
            ["sandbox-eu apply stable 34", "sandbox-eu apply stable 67", "sandbox-eu apply stable 100"],
            StrategyPortal.DoneActions(events));
        // An analysis between batches, none after the last.
        Assert.Equal(
            ["strategyApply", "analysis", "strategyApply", "analysis", "strategyApply"],
            events.Where(e => e.Type == "StepStarted").Select(e => e.Str("description")!.StartsWith("Analyse", StringComparison.Ordinal) ? "analysis" : "strategyApply"));
        Assert.All(Portal.Home.Ledger("sandbox-eu"), l => Assert.Equal("rolling", l.Str("strategy")));
    }

    [Fact]
    public async Task AllAtOnce_ReplacesEverythingInOneCall()
    {
        await Client.ImportTemplateAsync(AllAtOnce("once", "sandbox-eu"));

        var id = await Client.CreateReleaseAsync("once", "2.0.0");

        await Client.WaitForStateAsync(id, "Promoted");
        Assert.Equal(["sandbox-eu apply stable 100"], StrategyPortal.DoneActions(await Client.GetEventsAsync(id)));
        var line = Assert.Single(Portal.Home.Ledger("sandbox-eu"));
        Assert.Equal("all-at-once", line.Str("strategy"));
    }

    [Fact]
    public async Task CanaryWithMirror_MirrorsThenWeightsThenPromotes()
    {
        await Client.ImportTemplateAsync($$"""
            name: mirrored
            stages:
              - name: sandbox
                targets: [sandbox-eu]
                strategy: canary
                steps:
                  - mirror: 20
                  - analysis:
            {{Analysis}}
                  - setWeight: 25
            """);

        var id = await Client.CreateReleaseAsync("mirrored", "2.0.0");

        await Client.WaitForStateAsync(id, "Promoted");
        Assert.Equal(
            ["sandbox-eu apply mirror 20", "sandbox-eu apply canary 25", "sandbox-eu apply stable 100"],
            StrategyPortal.DoneActions(await Client.GetEventsAsync(id)));
        Assert.Equal(["canary", "canary", "canary"], Portal.Home.Ledger("sandbox-eu").Select(l => l.Str("strategy")));
    }

    internal static string AllAtOnce(string name, string target) => $"""
        name: {name}
        stages:
          - name: sandbox
            targets: [{target}]
            strategy: allAtOnce
        """;

    private static string BlueGreen(string name, string target, string keep) => $$"""
        name: {{name}}
        stages:
          - name: sandbox
            targets: [{{target}}]
            strategy:
              blueGreen:
                prePromotionAnalysis:
        {{Analysis}}
                postPromotionAnalysis:
        {{Analysis}}
                keepPreviousFor: {{keep}}
        """;
}
