using System.Net;
using PortalRelease.Portal.Tests.Gates;
using static PortalRelease.Portal.Tests.Identity.AuthorizationTests;

namespace PortalRelease.Portal.Tests.Ownership;

/// <summary>
/// A template cannot lie about where it deploys: a stage's environment is what its targets' labels say. paula may
/// deploy payments-* to staging only; a stage that claims staging while its targets are in production is refused
/// (400 naming stage, wave and target), and the access checks use the targets' environment, never the stage's name.
/// </summary>
public sealed class TargetEnvironmentTests : IAsyncLifetime
{
    private readonly TargetOwnershipPortal _portal = new();

    public Task InitializeAsync() => _portal.InitializeAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    [Fact]
    public async Task TemplateImport_StageClaimingStagingOnAProductionTarget_Is400NamingStageAndTarget_AndNothingIsSaved()
    {
        var refused = await _portal.ImportAsync("""
            name: payments-sneaky
            service: payments-api
            stages:
              - { name: stage, environment: staging, targets: [stage-eu, prod-eu], steps: [{ pause: { duration: 10m } }] }
            """);

        Assert.True(refused.Status == HttpStatusCode.BadRequest, $"expected 400, got {(int)refused.Status}: {refused.Body}");
        Assert.Contains("stages[0].targets[1]", refused.Body, StringComparison.Ordinal);
        Assert.Contains("stage 'stage': target 'prod-eu' is in environment 'production'", refused.Body, StringComparison.Ordinal);
        var templates = await _portal.Portal.GetAsync("dev-user", "/api/templates");
        Assert.DoesNotContain(templates.EnumerateArray(), t => t.GetProperty("name").GetString() == "payments-sneaky");
    }

    [Fact]
    public async Task TemplateImport_WaveOfAStagingStageOnAProductionTarget_Is400NamingTheWave()
    {
        var refused = await _portal.ImportAsync("""
            name: payments-wave-sneaky
            service: payments-api
            stages:
              - name: stage
                environment: staging
                waves:
                  - targets: [stage-eu]
                  - targets: [prod-eu]
                steps: [{ pause: { duration: 10m } }]
            """);

        Assert.True(refused.Status == HttpStatusCode.BadRequest, $"expected 400, got {(int)refused.Status}: {refused.Body}");
        Assert.Contains("stages[0].waves[1].targets[0]", refused.Body, StringComparison.Ordinal);
        Assert.Contains("stage 'stage' wave 2: target 'prod-eu' is in environment 'production'", refused.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TemplateImport_StageOnTargetsOfTwoEnvironments_Is400SayingAStageDeploysToOne()
    {
        var refused = await _portal.ImportAsync("""
            name: payments-mixed
            service: payments-api
            stages:
              - { name: both, targets: [stage-eu, prod-eu], steps: [{ pause: { duration: 10m } }] }
            """);

        Assert.True(refused.Status == HttpStatusCode.BadRequest, $"expected 400, got {(int)refused.Status}: {refused.Body}");
        Assert.Contains("stages[0].targets[1]", refused.Body, StringComparison.Ordinal);
        Assert.Contains("target 'prod-eu' is in environment 'production', but target 'stage-eu' of the same stage is in 'staging'", refused.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReleaseStart_ParameterPuttingAProductionTargetInAStagingWave_Is400NamingStageWaveAndTarget_AndNothingIsCreated()
    {
        var imported = await _portal.ImportAsync("""
            name: payments-waves
            service: payments-api
            parameters:
              - { name: second, type: string, default: stage-eu }
            stages:
              - name: stage
                environment: staging
                waves:
                  - targets: [checkout-eu]
                  - targets: ["{{ second }}"]
                steps: [{ pause: { duration: 10m } }]
            """);
        Assert.True(imported.Status == HttpStatusCode.Created, $"import: {(int)imported.Status} {imported.Body}");
        var before = await _portal.ReleaseCountAsync();

        var refused = await _portal.Portal.PostAsync("paula", "/api/releases", new { template = "payments-waves", version = "1.0.0", parameters = new { second = "prod-eu" } });

        Assert.True(refused.Status == HttpStatusCode.BadRequest, $"expected 400, got {(int)refused.Status}: {refused.Body}");
        Assert.Contains("stage 'stage · wave 2/2': target 'prod-eu' is in environment 'production'", refused.Body, StringComparison.Ordinal);
        Assert.Equal(before, await _portal.ReleaseCountAsync());
    }

    [Fact]
    public async Task Deploy_StageNamedStagingOnProductionTargets_IsCheckedInProduction_AndRefusedToAStagingDeployer()
    {
        Assert.Equal(HttpStatusCode.Created, (await _portal.ImportAsync("""
            name: payments-named-staging
            service: payments-api
            stages:
              - { name: staging, targets: [prod-eu], steps: [{ pause: { duration: 10m } }] }
            """)).Status);
        var before = await _portal.ReleaseCountAsync();

        var refused = await _portal.Portal.PostAsync("paula", "/api/releases", new { template = "payments-named-staging", version = "1.0.0" });

        AssertForbidden(refused, "paula may not start or steer releases", "service 'payments-api' in production");
        Assert.Equal(before, await _portal.ReleaseCountAsync());
    }

    [Fact]
    public async Task Deploy_OnAnUnlabelledTarget_NeedsTheRoleInEveryEnvironment()
    {
        Assert.Equal(HttpStatusCode.Created, (await _portal.ImportAsync("""
            name: payments-bare
            service: payments-api
            stages:
              - { name: staging, targets: [bare-eu], steps: [{ pause: { duration: 10m } }] }
            """)).Status);
        var before = await _portal.ReleaseCountAsync();

        var refused = await _portal.Portal.PostAsync("paula", "/api/releases", new { template = "payments-bare", version = "1.0.0" });
        var allowed = await _portal.Portal.PostAsync("petra", "/api/releases", new { template = "payments-bare", version = "1.0.0" });

        AssertForbidden(refused, "paula may not", "every environment (a target without an environment label)");
        Assert.True(allowed.Status == HttpStatusCode.Created, $"petra, deployer everywhere: {(int)allowed.Status} {allowed.Body}");
        Assert.Equal(before + 1, await _portal.ReleaseCountAsync());
    }

    [Fact]
    public async Task Deploy_OnTargetsOfTheStagesEnvironment_IsAllowed_AndThePlanRecordsTheEnvironment()
    {
        var id = await _portal.Portal.StartAsync("""
            name: payments-staging
            service: payments-api
            stages:
              - { name: first, targets: [stage-eu], steps: [{ pause: { duration: 10m } }] }
            """, "1.0.0", author: "paula");

        var paused = await _portal.Portal.PostAsync("paula", $"/api/releases/{id}/pause", new { reason = "checking" });
        var release = await _portal.Portal.GetAsync("paula", $"/api/releases/{id}");

        Assert.Equal(HttpStatusCode.Accepted, paused.Status);
        var stage = release.GetProperty("plan").GetProperty("stages")[0];
        Assert.Equal("staging", stage.GetProperty("environment").GetString());
        Assert.True(stage.GetProperty("targetsLabelled").GetBoolean());
    }

    [Fact]
    public async Task Approve_OfAStageNamedStagingOnProductionTargets_IsCheckedInProduction_AndRefusedToAStagingApprover()
    {
        var id = await _portal.Portal.StartAsync("""
            name: payments-gated
            service: payments-api
            stages:
              - name: staging
                approval: { role: release-managers }
                targets: [prod-eu]
                steps: [{ setWeight: 10 }]
            """, "1.0.0", author: "petra");

        await AssertStagingApproverRefusedInProductionAsync(id);
    }

    [Fact]
    public async Task Approve_OfATrainComponentsProductionStage_NamedLikeAnotherComponentsStagingStage_IsCheckedInProduction()
    {
        // Stage names repeat across a train's components: the approval is judged where its own step deploys, not at
        // the first stage of that name (web's, in staging), which a staging approver could pass.
        var id = await _portal.Portal.StartAsync("""
            name: payments-train
            service: payments-api
            components:
              - name: web
                stages:
                  - { name: deploy, targets: [stage-eu], steps: [{ setWeight: 10 }] }
              - name: db
                dependsOn: [web]
                stages:
                  - name: deploy
                    approval: { role: release-managers }
                    targets: [prod-eu]
                    steps: [{ setWeight: 10 }]
            """, "1.0.0", author: "petra");

        await AssertStagingApproverRefusedInProductionAsync(id);
    }

    [Fact]
    public async Task Override_OfAStageNamedStagingOnProductionTargets_WaitsForTheProductionCalendar_AndIsRefusedToAStagingOperator()
    {
        var id = await _portal.Portal.StartAsync("""
            name: payments-frozen
            service: payments-api
            stages:
              - { name: staging, targets: [prod-eu], steps: [{ setWeight: 10 }] }
            """, "1.0.0", author: "petra");
        var events = await _portal.Portal.Client.WaitForEventsAsync(id, es => es.Any(e => e.Type == "WindowWaiting"), "the production freeze to hold the stage");
        Assert.Equal("production", events.Single(e => e.Type == "WindowWaiting").Str("environment"));

        var refused = await _portal.Portal.PostAsync("oscar", $"/api/releases/{id}/override", new { gate = "window", reason = "hotfix" });

        AssertForbidden(refused, "oscar may not override windows, freezes or error budgets", "in production");
        Assert.DoesNotContain(await _portal.Portal.Client.GetEventsAsync(id), e => e.Type == "GateOverridden");
    }

    [Fact]
    public async Task Rollback_OfAPromotedRelease_AfterItsTargetWasRelabelledProduction_Is409_AndNothingIsRequested()
    {
        // A settled release frees its target for relabelling; its later rollback must not reach what is now a
        // production target on the strength of a staging grant and the environment its plan recorded.
        var id = await PromotedOnStageEuAsync();
        var moved = await _portal.Portal.SendAsync("dev-user", HttpMethod.Put, "/api/targets/stage-eu",
            new { settings = TargetOwnershipPortal.SandboxSettings, environment = "production" });
        Assert.True(moved.Status == HttpStatusCode.OK, $"relabelling a target no unsettled release uses: {(int)moved.Status} {moved.Body}");

        var refused = await _portal.Portal.PostAsync("paula", $"/api/releases/{id}/rollback", new { reason = "undo" });

        Assert.True(refused.Status == HttpStatusCode.Conflict, $"expected 409, got {(int)refused.Status}: {refused.Body}");
        Assert.Contains("target 'stage-eu' is now in environment 'production'", refused.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(await _portal.Portal.Client.GetEventsAsync(id), e => e.Type == "RollbackRequested");
    }

    [Fact]
    public async Task Rollback_OfAPromotedRelease_AfterItsTargetWasDeletedAndCreatedAgain_Is409()
    {
        var id = await PromotedOnStageEuAsync();
        var deleted = await _portal.Portal.SendAsync("dev-user", HttpMethod.Delete, "/api/targets/stage-eu");
        Assert.True(deleted.Status == HttpStatusCode.NoContent, $"deleting a target no unsettled release uses: {(int)deleted.Status} {deleted.Body}");
        await _portal.CreateAsync("stage-eu", "staging", "payments");

        var refused = await _portal.Portal.PostAsync("paula", $"/api/releases/{id}/rollback", new { reason = "undo" });

        Assert.True(refused.Status == HttpStatusCode.Conflict, $"expected 409, got {(int)refused.Status}: {refused.Body}");
        Assert.Contains("target 'stage-eu' was deleted and created again", refused.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(await _portal.Portal.Client.GetEventsAsync(id), e => e.Type == "RollbackRequested");
    }

    [Fact]
    public async Task Rollback_OfAPromotedRelease_WhoseTargetIsUnchanged_IsAccepted()
    {
        var id = await PromotedOnStageEuAsync();

        var accepted = await _portal.Portal.PostAsync("paula", $"/api/releases/{id}/rollback", new { reason = "undo" });

        Assert.True(accepted.Status == HttpStatusCode.Accepted, $"expected 202, got {(int)accepted.Status}: {accepted.Body}");
        await _portal.Portal.Client.WaitForStateAsync(id, "RolledBack");
    }

    [Fact]
    public async Task Relabel_OfATargetAnUnfinishedReleaseUses_Is409_AndTheTargetKeepsItsEnvironment()
    {
        var id = await _portal.Portal.StartAsync("""
            name: payments-staging-hold
            service: payments-api
            stages:
              - { name: staging, targets: [stage-eu], steps: [{ pause: { duration: 10m } }] }
            """, "1.0.0", author: "paula");

        var moved = await _portal.Portal.SendAsync("dev-user", HttpMethod.Put, "/api/targets/stage-eu",
            new { settings = TargetOwnershipPortal.SandboxSettings, environment = "production" });

        Assert.True(moved.Status == HttpStatusCode.Conflict, $"expected 409, got {(int)moved.Status}: {moved.Body}");
        Assert.Contains(id, moved.Detail, StringComparison.Ordinal);
        Assert.Equal("staging", (await _portal.Portal.GetAsync("dev-user", "/api/targets/stage-eu")).GetProperty("environment").GetString());
    }

    /// <summary>paula's release of payments-api to stage-eu (staging), settled as Promoted.</summary>
    private async Task<string> PromotedOnStageEuAsync()
    {
        var id = await _portal.Portal.StartAsync("""
            name: payments-quick
            service: payments-api
            stages:
              - { name: staging, targets: [stage-eu], steps: [{ setWeight: 100 }] }
            """, "1.0.0", author: "paula");
        await _portal.Portal.Client.WaitForStateAsync(id, "Promoted");
        return id;
    }

    /// <summary>rita approves in staging only: the waiting gate of release <paramref name="id"/> deploys to production.</summary>
    private async Task AssertStagingApproverRefusedInProductionAsync(string id)
    {
        await _portal.Portal.WaitForApprovalAsync(id);

        var refused = await _portal.Portal.PostAsync("rita", $"/api/releases/{id}/approve", new { comment = "looks fine" });

        AssertForbidden(refused, "rita may not approve or reject releases", "in production");
        Assert.DoesNotContain(await _portal.Portal.Client.GetEventsAsync(id), e => e.Type == "ApprovalGiven");
    }
}
