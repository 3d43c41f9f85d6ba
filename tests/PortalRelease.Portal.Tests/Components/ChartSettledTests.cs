using Bunit;
using PortalRelease.Portal.Components.Pages;
using PortalRelease.Portal.Releases;
using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Tests.PortalComponents;

/// <summary>A settled release without telemetry says none was recorded, not that it is still to come.</summary>
public sealed class ChartSettledTests : PortalPageContext
{
    private static readonly ReleasePlan Plan = new(
        [new PlanStage("prod", ["sandbox-eu"], [new SetWeightStep(25), new PromoteStep()])],
        new RollbackPolicy(true));

    [Fact]
    public async Task NoSamples_SaysYetWhileRunningAndNoneRecordedOnceSettled()
    {
        var id = await CreateReleaseAsync(Plan);
        var writer = Get<JournalWriter>();
        await writer.AppendAsync(id,
            EventDraft.Of(new StateChanged(Lifecycle.Proposed, Lifecycle.Validated, null)),
            EventDraft.Of(new StateChanged(Lifecycle.Validated, Lifecycle.Deploying, "Deployment started")));
        var page = Context.Render<ReleasePage>(p => p.Add(x => x.Id, id));
        page.WaitForAssertion(() => Assert.Contains("No telemetry yet", page.Find("[data-testid=charts-empty]").TextContent, StringComparison.Ordinal), Wait);

        await writer.AppendAsync(id, EventDraft.Of(new StateChanged(Lifecycle.Deploying, Lifecycle.Promoted, "Version 1.0.0 is live on every target")));
        page.WaitForAssertion(() =>
        {
            var empty = page.Find("[data-testid=charts-empty]");
            Assert.Equal("No telemetry was recorded for this release.", empty.TextContent.Trim());
            Assert.Equal("true", empty.GetAttribute("data-settled"));
        }, Wait);
    }
}
