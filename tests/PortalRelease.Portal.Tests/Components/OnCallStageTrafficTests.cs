using Bunit;
using PortalRelease.Portal.Components.Pages;
using PortalRelease.Portal.Releases;
using PortalRelease.Portal.Releases.Engine;
using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Portal.Templates;
using PortalRelease.Sdk;

namespace PortalRelease.Portal.Tests.PortalComponents;

/// <summary>On call shows the traffic of the stage a release works on now, in the words of its strategy, and names the stage.</summary>
public sealed class OnCallStageTrafficTests : PortalPageContext
{
    private static readonly ReleasePlan Plan = new(
        [
            new PlanStage("staging", ["sandbox-eu"], [new SetWeightStep(25), new PromoteStep()]),
            new PlanStage("production", ["sandbox-us"], [
                new StrategyApplyStep(DeploymentStrategy.Rolling, Cohorts.Stable, 50),
                new StrategyApplyStep(DeploymentStrategy.Rolling, Cohorts.Stable, 100),
            ]),
        ],
        new RollbackPolicy(true));

    [Fact]
    public async Task Render_FirstStagePromoted_SecondStageRollingHalfway_ShowsTheSecondStagesShareNotZero()
    {
        var id = await CreateReleaseAsync(Plan, "2.0.0");
        await Get<JournalWriter>().AppendAsync(id,
            EventDraft.Of(new StateChanged(Lifecycle.Proposed, Lifecycle.Validated, null)),
            EventDraft.Of(new StateChanged(Lifecycle.Validated, Lifecycle.Deploying, "Deployment started")),
            EventDraft.Of(new StepStarted(0, "staging", "Set canary weight to 25%")),
            EventDraft.Of(new ActionIntended(ActionKeys.Apply(id, 0, "sandbox-eu"), "sandbox-eu", "apply", "2.0.0", Cohorts.Canary, 25)),
            EventDraft.Of(new ActionDone(ActionKeys.Apply(id, 0, "sandbox-eu"), "sandbox-eu", "Applied", null)),
            EventDraft.Of(new StepStarted(1, "staging", "Promote")),
            EventDraft.Of(new ActionIntended(ActionKeys.Apply(id, 1, "sandbox-eu"), "sandbox-eu", "apply", "2.0.0", Cohorts.Stable, 100)),
            EventDraft.Of(new ActionDone(ActionKeys.Apply(id, 1, "sandbox-eu"), "sandbox-eu", "Applied", null)),
            EventDraft.Of(new StepStarted(2, "production", "Roll 50% of instances")),
            EventDraft.Of(new ActionIntended(ActionKeys.Apply(id, 2, "sandbox-us"), "sandbox-us", "apply", "2.0.0", Cohorts.Stable, 50)),
            EventDraft.Of(new ActionDone(ActionKeys.Apply(id, 2, "sandbox-us"), "sandbox-us", "Applied", null)));

        var page = Context.Render<OnCallPage>();
        page.WaitForAssertion(() => Assert.Equal("1", page.Find("[data-testid=oncall-inflight]").GetAttribute("data-count")), Wait);

        var row = page.Find($"[data-testid=inflight-row][data-release='{id}']");
        Assert.Equal("50", row.QuerySelector("[data-testid=inflight-weight]")!.GetAttribute("data-weight"));
        Assert.Equal("Stage 2 of 2: production", row.QuerySelector("[data-testid=inflight-stage]")!.TextContent.Trim());
        Assert.Equal("sandbox-us: 50% of instances on 2.0.0", Assert.Single(row.QuerySelectorAll("[data-testid=inflight-target-traffic]")).TextContent.Trim());
    }
}
