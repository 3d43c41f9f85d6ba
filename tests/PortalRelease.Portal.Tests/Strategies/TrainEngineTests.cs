using PortalRelease.Portal.Tests.Api;

namespace PortalRelease.Portal.Tests.Strategies;

/// <summary>A release train through the real engine: dependency order, and a failed component stopping its dependants.</summary>
public sealed class TrainEngineTests : PortalTest
{
    [Fact]
    public async Task FailedComponent_StopsItsDependants_AndRollsBackWhatWasDone()
    {
        await Client.AddSandboxTargetAsync("api-eu", new { fault = new { versionPattern = "*-broken", errorRate = 0.5 } });
        await Client.ImportTemplateAsync("""
            name: shop
            components:
              - name: web
                dependsOn: [api]
                stages:
                  - name: prod
                    targets: [sandbox-us]
                    strategy: allAtOnce
              - name: api
                dependsOn: [database]
                stages:
                  - name: prod
                    targets: [api-eu]
                    strategy:
                      blueGreen:
                        prePromotionAnalysis:
                          metric: error-rate
                          max: 0.05
                          interval: 1s
                          count: 1
              - name: database
                stages:
                  - name: prod
                    targets: [sandbox-eu]
                    strategy: allAtOnce
            """);

        var id = await Client.CreateReleaseAsync("shop", "2.0.0-broken");

        await Client.WaitForStateAsync(id, "RolledBack");
        var events = await Client.GetEventsAsync(id);
        Assert.Equal(
            ["sandbox-eu apply stable 100", "api-eu apply preview 0", "sandbox-eu rollback", "api-eu rollback"],
            StrategyPortal.DoneActions(events));
        Assert.Empty(Portal.Home.Ledger("sandbox-us"));
    }

    [Fact]
    public async Task HealthyTrain_RunsDatabaseThenApiThenWeb()
    {
        await Client.ImportTemplateAsync("""
            name: shop-ok
            components:
              - name: web
                dependsOn: [api]
                stages: [{ name: prod, targets: [sandbox-us], strategy: allAtOnce }]
              - name: api
                dependsOn: [database]
                stages: [{ name: prod, targets: [sandbox-eu], strategy: { rolling: { batchSize: 50% } } }]
              - name: database
                stages: [{ name: prod, targets: [sandbox-eu], strategy: allAtOnce }]
            """);

        var id = await Client.CreateReleaseAsync("shop-ok", "2.0.0");

        await Client.WaitForStateAsync(id, "Promoted");
        Assert.Equal(
            ["sandbox-eu apply stable 100", "sandbox-eu apply stable 50", "sandbox-eu apply stable 100", "sandbox-us apply stable 100"],
            StrategyPortal.DoneActions(await Client.GetEventsAsync(id)));
    }
}
