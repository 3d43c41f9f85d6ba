using Bunit;
using PortalRelease.Portal.Components.Pages;
using PortalRelease.Portal.Releases;
using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Tests.PortalComponents;

public sealed class HomePageTests : PortalPageContext
{
    [Fact]
    public void Render_NoReleases_PointsToTheWizard()
    {
        var page = Context.Render<Home>();

        page.WaitForAssertion(() => Assert.Contains("/releases/new", page.Find("[data-testid=releases-empty]").InnerHtml), Wait);
    }

    [Fact]
    public async Task Render_ReleaseChanges_RefreshesRowLive()
    {
        var plan = new ReleasePlan([new PlanStage("sandbox", ["sandbox-eu"], [new SetWeightStep(10), new PromoteStep()])], new RollbackPolicy(true));
        var id = await CreateReleaseAsync(plan, "3.1.0");
        var page = Context.Render<Home>();
        page.WaitForAssertion(() => Assert.Equal("Proposed", page.Find("[data-testid=state-chip]").GetAttribute("data-state")), Wait);

        await Get<JournalWriter>().AppendAsync(id,
            EventDraft.Of(new StateChanged(Lifecycle.Proposed, Lifecycle.Validated, null)),
            EventDraft.Of(new StateChanged(Lifecycle.Validated, Lifecycle.Deploying, null)),
            EventDraft.Of(new Paused("Paused by tester")));

        page.WaitForAssertion(() =>
        {
            Assert.Equal("Deploying", page.Find("[data-testid=state-chip]").GetAttribute("data-state"));
            Assert.Equal("Paused", page.Find("[data-testid=substate-chip]").GetAttribute("data-substate"));
        }, Wait);
        Assert.Equal($"/releases/{id}", page.Find($"[data-release='{id}'] a").GetAttribute("href"));
        Assert.Contains("3.1.0", page.Markup);
    }
}
