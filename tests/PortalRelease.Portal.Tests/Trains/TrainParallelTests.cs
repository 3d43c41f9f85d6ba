using PortalRelease.Portal.Tests.Api;
using PortalRelease.Portal.Tests.Strategies;

using PortalRelease.Contracts;

namespace PortalRelease.Portal.Tests.Trains;

/// <summary>
/// Release trains through the real engine and the Sandbox: independent components run side by side, a component
/// waits only for what it depends on, a failure stops its dependants and the lanes beside it, and the rollback scope
/// decides which targets go back.
/// </summary>
public sealed class TrainParallelTests : PortalTest
{
    private const string Parallel = """
        name: parallel-train
        components:
          - name: database
            stages: [{ name: prod, targets: [train-db], strategy: allAtOnce }]
          - name: api
            dependsOn: [database]
            stages:
              - name: prod
                targets: [train-api]
                steps:
                  - setWeight: 50
                  - pause: { duration: 1s }
          - name: worker
            dependsOn: [database]
            stages:
              - name: prod
                targets: [train-worker]
                steps:
                  - setWeight: 50
                  - pause: { duration: 8s }
          - name: web
            dependsOn: [api]
            stages: [{ name: prod, targets: [train-web], strategy: allAtOnce }]
        """;

    [Fact]
    public async Task IndependentComponents_RunSideBySide_AndADependantWaitsOnlyForItsDependency()
    {
        await AddTargetsAsync("train-db", "train-api", "train-worker", "train-web");
        await Client.ImportTemplateAsync(Parallel);
        var train = new TrainJournal(Parallel);

        var id = await Client.CreateReleaseAsync("parallel-train", "2.0.0");

        await Client.WaitForStateAsync(id, "Promoted", TimeSpan.FromSeconds(60));
        var events = await Client.GetEventsAsync(id);
        train.AssertLanesRanAtMostOnceInOrder(events);
        // api's and worker's pauses both started before either completed: the two lanes were in flight together.
        var (apiPause, workerPause) = (train.StepsOf("api")[1], train.StepsOf("worker")[1]);
        var pausesStarted = events.Where(e => e.Type == "StepStarted" && (e.Index == apiPause || e.Index == workerPause)).Select(e => e.Seq).ToList();
        var firstPauseDone = events.First(e => e.Type == "StepCompleted" && (e.Index == apiPause || e.Index == workerPause)).Seq;
        Assert.Equal(2, pausesStarted.Count);
        Assert.All(pausesStarted, seq => Assert.True(seq < firstPauseDone, "both pauses start before either completes"));
        // The live charts follow both running components: one sampling tick journals both targets, side by side.
        Assert.Contains(events.Zip(events.Skip(1)), pair => pair.First.Type == "MetricsSampled" && pair.Second.Type == "MetricsSampled"
            && new[] { pair.First.Str("target"), pair.Second.Str("target") }.Order().SequenceEqual(["train-api", "train-worker"]));
        // web waited for api only: it started (and finished) while worker still paused.
        Assert.True(train.LastCompleted(events, "web") < train.LastCompleted(events, "worker"), "web finished before worker");
        Assert.Equal(
            ["train-db apply stable 100", "train-api apply canary 50", "train-worker apply canary 50", "train-api apply stable 100", "train-web apply stable 100", "train-worker apply stable 100"],
            StrategyPortal.DoneActions(events));
    }

    [Fact]
    public async Task FailedComponent_SkipsItsDependants_StopsTheLaneBesideIt_AndRollsBackEverythingByDefault()
    {
        var yaml = FailingTrain(scope: null);
        await AddTargetsAsync("train-db", "train-worker", "train-web", "train-batch");
        await Client.AddSandboxTargetAsync("train-api", new { fault = new { versionPattern = "*-broken", errorRate = 0.5 } });
        await Client.ImportTemplateAsync(yaml);
        var train = new TrainJournal(yaml);

        var id = await Client.CreateReleaseAsync("failing-train", "2.0.0-broken");

        await Client.WaitForStateAsync(id, "RolledBack", TimeSpan.FromSeconds(60));
        var events = await Client.GetEventsAsync(id);
        train.AssertLanesRanAtMostOnceInOrder(events);
        var failed = Assert.Single(events, e => e.Type == "ComponentFailed");
        Assert.Equal("api", failed.Str("component"));
        Assert.Equal(["web"], Names(failed, "dependants"));
        Assert.Equal(["batch"], Names(failed, "halted"));
        Assert.Empty(Names(failed, "notStarted"));
        // The failure and what it stops are one commit: the Failed transition, then the component, then the rollback request.
        var failedState = events.Single(e => e.Type == "StateChanged" && e.Str("to") == "Failed");
        Assert.Equal(failedState.Seq + 1, failed.Seq);
        Assert.False(train.HasStarted(events, "web"));
        Assert.Null(train.LastCompleted(events, "batch"));
        Assert.Empty(Portal.Home.Ledger("train-web"));
        // scope all (the default): every target the release touched goes back, the completed worker included.
        Assert.Equal(["train-db", "train-api", "train-worker", "train-batch"], RolledBack(events));
    }

    [Fact]
    public async Task ComponentScope_ReturnsOnlyTheFailedComponent_AndTheLaneItStopped_CompletedComponentsKeepTheNewVersion()
    {
        var yaml = FailingTrain(scope: "component");
        await AddTargetsAsync("train-db", "train-worker", "train-web", "train-batch");
        await Client.AddSandboxTargetAsync("train-api", new { fault = new { versionPattern = "*-broken", errorRate = 0.5 } });
        await Client.ImportTemplateAsync(yaml);

        var id = await Client.CreateReleaseAsync("failing-train", "2.0.0-broken");

        await Client.WaitForStateAsync(id, "RolledBack", TimeSpan.FromSeconds(60));
        var events = await Client.GetEventsAsync(id);
        Assert.Equal(["train-api", "train-batch"], RolledBack(events));
        // database and worker completed: their targets still run the new version.
        foreach (var kept in new[] { "train-db", "train-worker" })
        {
            var last = Portal.Home.Ledger(kept)[^1];
            Assert.Equal(("apply", "stable"), (last.Str("action"), last.Str("cohort")));
        }
        Assert.Equal("rollback", Portal.Home.Ledger("train-api")[^1].Str("action"));
    }

    /// <summary>
    /// database, then side by side: api (a canary whose analysis fails on the broken version), worker (done in one
    /// step) and batch (a long pause, stopped by api's failure); web depends on api.
    /// </summary>
    private static string FailingTrain(string? scope) => $$"""
        name: failing-train
        components:
          - name: database
            stages: [{ name: prod, targets: [train-db], strategy: allAtOnce }]
          - name: api
            dependsOn: [database]
            stages:
              - name: prod
                targets: [train-api]
                steps:
                  - setWeight: 50
                  - analysis: { metric: error-rate, max: 0.05, interval: 1s, count: 1 }
          - name: worker
            dependsOn: [database]
            stages: [{ name: prod, targets: [train-worker], strategy: allAtOnce }]
          - name: batch
            dependsOn: [database]
            stages:
              - name: prod
                targets: [train-batch]
                steps:
                  - setWeight: 20
                  - pause: { duration: 5m }
          - name: web
            dependsOn: [api]
            stages: [{ name: prod, targets: [train-web], strategy: allAtOnce }]
        {{(scope is null ? "" : $"rollback: {{ scope: {scope} }}")}}
        """;

    private async Task AddTargetsAsync(params string[] names)
    {
        foreach (var name in names)
        {
            await Client.AddSandboxTargetAsync(name);
        }
    }

    private static List<string> Names(ReleaseEvent e, string property) =>
        e.Data.GetProperty(property).EnumerateArray().Select(n => n.GetString()!).ToList();

    /// <summary>The targets whose rollback the journal confirmed, in order.</summary>
    private static List<string> RolledBack(IReadOnlyList<ReleaseEvent> events) =>
        StrategyPortal.DoneActions(events).Where(a => a.EndsWith(" rollback", StringComparison.Ordinal)).Select(a => a.Split(' ')[0]).ToList();
}
