using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;
using PortalRelease.Portal.Components.Pages;
using PortalRelease.Portal.Releases;
using PortalRelease.Portal.Releases.Engine;
using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Portal.Templates;
using PortalRelease.Sdk;

namespace PortalRelease.Portal.Tests.PortalComponents;

/// <summary>The traffic panel says, per strategy, where each target's traffic went (see <see cref="DeploymentStrategy"/>).</summary>
public sealed class WeightBarsTests : PortalPageContext
{
    private const string Target = "sandbox-eu";

    private static readonly ReleasePlan BlueGreen = new(
        [new PlanStage("prod", [Target], [
            new StrategyApplyStep(DeploymentStrategy.BlueGreen, Cohorts.Preview, 0),
            new StrategyApplyStep(DeploymentStrategy.BlueGreen, Cohorts.Stable, 100),
            new KeepWarmStep(TimeSpan.FromMinutes(20)),
            new StrategyApplyStep(DeploymentStrategy.BlueGreen, Cohorts.Previous, 0),
        ])],
        new RollbackPolicy(true));

    private async Task<string> StartedAsync(ReleasePlan plan, string version)
    {
        var id = await CreateReleaseAsync(plan, version);
        await Get<JournalWriter>().AppendAsync(id,
            EventDraft.Of(new StateChanged(Lifecycle.Proposed, Lifecycle.Validated, null, new Dictionary<string, string?> { [Target] = "1.4.0" })),
            EventDraft.Of(new StateChanged(Lifecycle.Validated, Lifecycle.Deploying, "Deployment started")));
        return id;
    }

    private async Task ApplyAsync(string id, int step, string cohort, int weight, string version)
    {
        var key = ActionKeys.Apply(id, step, Target);
        await Get<JournalWriter>().AppendAsync(id,
            EventDraft.Of(new StepStarted(step, "prod", "step")),
            EventDraft.Of(new ActionIntended(key, Target, "apply", version, cohort, weight)),
            EventDraft.Of(new ActionDone(key, Target, "Applied", null)),
            EventDraft.Of(new StepCompleted(step)));
    }

    private IRenderedComponent<ReleasePage> Open(string id)
    {
        Get<NavigationManager>().NavigateTo($"/releases/{id}");
        return Context.Render<ReleasePage>(p => p.Add(x => x.Id, id));
    }

    private static IElement Bar(IRenderedComponent<ReleasePage> page) => page.Find($"[data-testid=weight][data-target={Target}]");

    [Fact]
    public async Task BlueGreen_AfterTheSwitch_ShowsAllTrafficOnTheNewColourAndHowLongThePreviousStaysWarm()
    {
        var id = await StartedAsync(BlueGreen, "2.0.0");
        await ApplyAsync(id, 0, Cohorts.Preview, 0, "2.0.0");
        var page = Open(id);
        page.WaitForAssertion(() => Assert.Equal("0% → 2.0.0 (preview deployed; 1.4.0 takes all traffic)", Bar(page).QuerySelector("[data-testid=weight-text]")!.TextContent), Wait);
        Assert.Equal("0", Bar(page).GetAttribute("data-weight"));

        await ApplyAsync(id, 1, Cohorts.Stable, 100, "2.0.0");
        var until = DateTimeOffset.Parse("2026-11-26T14:05:00Z");
        await Get<JournalWriter>().AppendAsync(id, EventDraft.Of(new StepStarted(2, "prod", "keep warm")), EventDraft.Of(new PauseStarted(2, until)));

        page.WaitForAssertion(() =>
        {
            Assert.Equal("100% → 2.0.0 (previous 1.4.0 kept warm until 14:05:00 UTC)", Bar(page).QuerySelector("[data-testid=weight-text]")!.TextContent);
            Assert.Equal("100", Bar(page).GetAttribute("data-weight"));
            Assert.Equal(nameof(DeploymentStrategy.BlueGreen), Bar(page).GetAttribute("data-strategy"));
        }, Wait);
        Assert.DoesNotContain("canary", page.Find("[data-testid=weights]").TextContent, StringComparison.Ordinal);
        // The timeline names the switch for what it is, not a canary promotion.
        Assert.Contains(page.FindAll("[data-testid=timeline-entry]"), e => e.TextContent.Contains("Switch all traffic to 2.0.0 on sandbox-eu — Applied", StringComparison.Ordinal));

        await ApplyAsync(id, 3, Cohorts.Previous, 0, "2.0.0");
        page.WaitForAssertion(() => Assert.Equal("100% → 2.0.0 (1.4.0 retired)", Bar(page).QuerySelector("[data-testid=weight-text]")!.TextContent), Wait);
    }

    [Fact]
    public async Task Rolling_ShowsTheShareOfInstancesUpdated_AndAllAtOnceTheVersion()
    {
        var rolling = new ReleasePlan(
            [new PlanStage("prod", [Target], [
                new StrategyApplyStep(DeploymentStrategy.Rolling, Cohorts.Stable, 40),
                new StrategyApplyStep(DeploymentStrategy.Rolling, Cohorts.Stable, 100),
            ])],
            new RollbackPolicy(true));
        var id = await StartedAsync(rolling, "3.1.0");
        await ApplyAsync(id, 0, Cohorts.Stable, 40, "3.1.0");
        var page = Open(id);
        page.WaitForAssertion(() =>
        {
            Assert.Equal("40% of instances on 3.1.0", Bar(page).QuerySelector("[data-testid=weight-text]")!.TextContent);
            Assert.Equal("40", Bar(page).GetAttribute("data-weight"));
        }, Wait);

        var allAtOnce = new ReleasePlan([new PlanStage("prod", [Target], [new StrategyApplyStep(DeploymentStrategy.AllAtOnce, Cohorts.Stable, 100)])], new RollbackPolicy(true));
        var other = await StartedAsync(allAtOnce, "4.0.0");
        var before = Open(other);
        before.WaitForAssertion(() => Assert.Equal("0% (not deployed yet; 1.4.0 serves all traffic)", Bar(before).QuerySelector("[data-testid=weight-text]")!.TextContent), Wait);
        await ApplyAsync(other, 0, Cohorts.Stable, 100, "4.0.0");
        before.WaitForAssertion(() => Assert.Equal("4.0.0 on every instance", Bar(before).QuerySelector("[data-testid=weight-text]")!.TextContent), Wait);
    }

    [Fact]
    public async Task Canary_ShowsItsWeight_AndAfterARollbackTheVersionItWentBackTo()
    {
        var canary = new ReleasePlan([new PlanStage("prod", [Target], [new SetWeightStep(25), new PromoteStep()])], new RollbackPolicy(true));
        var id = await StartedAsync(canary, "5.0.0");
        await ApplyAsync(id, 0, Cohorts.Canary, 25, "5.0.0");
        var page = Open(id);
        page.WaitForAssertion(() => Assert.Equal("25% canary", Bar(page).QuerySelector("[data-testid=weight-text]")!.TextContent), Wait);

        var key = ActionKeys.Rollback(id, Target, 1);
        await Get<JournalWriter>().AppendAsync(id,
            EventDraft.Of(new RollbackRequested("bad canary"), Actor),
            EventDraft.Of(new ActionIntended(key, Target, "rollback", "5.0.0", null, null, "1.4.0")),
            EventDraft.Of(new ActionDone(key, Target, "RolledBack", null)),
            EventDraft.Of(new StateChanged(Lifecycle.Deploying, Lifecycle.RolledBack, "bad canary")));
        page.WaitForAssertion(() =>
        {
            Assert.Equal("0% (back on 1.4.0)", Bar(page).QuerySelector("[data-testid=weight-text]")!.TextContent);
            Assert.Equal("0", Bar(page).GetAttribute("data-weight"));
        }, Wait);
    }
}
