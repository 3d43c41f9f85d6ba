using Bunit;
using PortalRelease.Portal.Components.Pages;
using PortalRelease.Portal.Identity;
using PortalRelease.Portal.Releases;
using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Tests.PortalComponents;

/// <summary>
/// The release page offers pause, resume, abort and roll back only to whom the service accepts them from, and tells
/// everyone else why in words under the buttons. Everyone views; the author (tester) is a deployer.
/// </summary>
public sealed class ReleasePageAccessTests() : PortalPageContext(new Dictionary<string, string?>
{
    ["Portal:Engine:AllowIdentityHeader"] = "true",
    ["Portal:Access:DevelopmentEveryoneIsAdmin"] = "false",
    ["Portal:Access:Grants:0:Everyone"] = "true",
    ["Portal:Access:Grants:0:Role"] = "viewer",
    ["Portal:Access:Grants:1:User"] = Actor,
    ["Portal:Access:Grants:1:Role"] = "deployer",
})
{
    private static readonly ReleasePlan Plan = new(
        // As created when sandbox-eu carried its environment label (a plan without labels counts as every environment).
        [new PlanStage("sandbox", ["sandbox-eu"], [new SetWeightStep(25), new PromoteStep()]) { TargetsLabelled = true }],
        new RollbackPolicy(true));

    [Fact]
    public async Task Viewer_OnARunningRelease_SeesEveryCommandDisabled_AndTheReasonUnderThem()
    {
        var page = await RenderDeployingAsync("vic");

        foreach (var command in new[] { "pause", "resume", "abort", "rollback" })
        {
            Assert.True(page.Find($"[data-testid=command-{command}]").HasAttribute("disabled"), $"{command} is enabled for a viewer");
        }
        var reason = page.Find("[data-testid=actions-forbidden]").TextContent;
        Assert.Contains("vic may not pause, resume, abort or roll back others' releases of service 'quick-canary' in sandbox", reason);
        Assert.Contains("operator", reason);
    }

    [Fact]
    public async Task AuthorWithDeployer_OnTheirRunningRelease_SeesTheCommandsEnabled_AndNoReason()
    {
        var page = await RenderDeployingAsync(Actor);

        Assert.False(page.Find("[data-testid=command-pause]").HasAttribute("disabled"));
        Assert.False(page.Find("[data-testid=command-abort]").HasAttribute("disabled"));
        Assert.False(page.Find("[data-testid=command-rollback]").HasAttribute("disabled"));
        Assert.Empty(page.FindAll("[data-testid=actions-forbidden]"));
    }

    [Fact]
    public async Task SwitchingIdentity_FromTheAuthorToAViewer_DisablesTheCommandsWithoutReload()
    {
        var page = await RenderDeployingAsync(Actor);

        Get<CurrentActor>().Switch("vic");

        page.WaitForAssertion(() =>
        {
            Assert.True(page.Find("[data-testid=command-pause]").HasAttribute("disabled"));
            Assert.Contains("vic may not", page.Find("[data-testid=actions-forbidden]").TextContent);
        }, Wait);
    }

    private async Task<IRenderedComponent<ReleasePage>> RenderDeployingAsync(string viewer)
    {
        var id = await CreateReleaseAsync(Plan);
        await Get<JournalWriter>().AppendAsync(id,
            EventDraft.Of(new StateChanged(Lifecycle.Proposed, Lifecycle.Validated, null)),
            EventDraft.Of(new StateChanged(Lifecycle.Validated, Lifecycle.Deploying, "Deployment started")),
            EventDraft.Of(new StepStarted(0, "sandbox", "Set canary weight to 25%")));
        Assert.True(Get<CurrentActor>().Switch(viewer));
        var page = Context.Render<ReleasePage>(p => p.Add(x => x.Id, id));
        page.WaitForAssertion(() => Assert.Equal("Deploying", page.Find("[data-testid=state-chip]").GetAttribute("data-state")), Wait);
        return page;
    }
}
