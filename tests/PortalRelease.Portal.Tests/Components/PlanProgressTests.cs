using Bunit;
using PortalRelease.Portal.Components.Pages;
using PortalRelease.Portal.Releases;
using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Tests.PortalComponents;

public sealed class PlanProgressTests : PortalPageContext
{
    private static readonly ReleasePlan Plan = new(
        [new PlanStage("sandbox", ["sandbox-eu"], [
            new SetWeightStep(25),
            new AnalysisStep("error-rate", null, 0.05, null, TimeSpan.FromSeconds(1), 2, 0, 0),
            new PromoteStep(),
        ])],
        new RollbackPolicy(true));

    [Fact]
    public async Task Render_StepUnderWay_SpinnerKeepsTheIconSizeBesideALongDescription()
    {
        var id = await CreateReleaseAsync(Plan);
        await Get<JournalWriter>().AppendAsync(id,
            EventDraft.Of(new StateChanged(Lifecycle.Proposed, Lifecycle.Validated, null)),
            EventDraft.Of(new StateChanged(Lifecycle.Validated, Lifecycle.Deploying, "Deployment started")),
            EventDraft.Of(new StepStarted(0, "sandbox", "Set canary weight to 25%")),
            EventDraft.Of(new StepCompleted(0)),
            EventDraft.Of(new StepStarted(1, "sandbox", "Analyse error-rate ≤ 0.05: 2 × every 1s, fail after 1 failure")));

        var page = Context.Render<ReleasePage>(p => p.Add(x => x.Id, id));

        page.WaitForAssertion(() => Assert.Equal("Current", page.Find("[data-testid=plan-step][data-index='1']").GetAttribute("data-status")), Wait);
        // In the flex row the text took the width and squeezed the spinner to a sliver; it must not shrink.
        var spinner = page.Find("[data-testid=plan-step][data-index='1'] [data-testid=step-spinner]");
        Assert.Contains("flex: 0 0 20px", spinner.GetAttribute("style"));
        Assert.Contains("width: 20px", spinner.GetAttribute("style"));
        Assert.Empty(page.FindAll("[data-testid=plan-step][data-index='0'] [data-testid=step-spinner]"));
    }
}
