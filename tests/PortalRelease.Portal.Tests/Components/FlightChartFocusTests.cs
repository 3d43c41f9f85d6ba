using Bunit;
using PortalRelease.Portal.Components.Pages;
using PortalRelease.Portal.Releases;
using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Tests.PortalComponents;

/// <summary>After a long wait before deploying, the flight recorder's chart spans the activity, with the wait as a labelled band.</summary>
public sealed class FlightChartFocusTests : PortalPageContext
{
    private static readonly ReleasePlan Plan = new(
        [new PlanStage("prod", ["sandbox-eu"], [new SetWeightStep(25), new PromoteStep()])],
        new RollbackPolicy(true));

    [Fact]
    public async Task LongWaitBeforeDeploying_IsLeftOffTheChartAsALabelledBand()
    {
        var id = await CreateReleaseAsync(Plan);
        var writer = Get<JournalWriter>();
        // Events carry their own times: a 3-minute calendar wait, then 20 seconds of rollout.
        var deploy = DateTimeOffset.UtcNow.AddMinutes(3);
        var key = $"{id}:apply:0:sandbox-eu";
        await writer.AppendAsync(id,
            EventDraft.Of(new StateChanged(Lifecycle.Proposed, Lifecycle.Validated, null)),
            EventDraft.Of(new StateChanged(Lifecycle.Validated, Lifecycle.Deploying, "Deployment started")) with { At = deploy },
            EventDraft.Of(new ActionIntended(key, "sandbox-eu", "apply", "1.0.0", "canary", 25)) with { At = deploy.AddSeconds(1) },
            EventDraft.Of(new ActionDone(key, "sandbox-eu", "Applied", null)) with { At = deploy.AddSeconds(2) });
        for (var i = 0; i < 5; i++)
        {
            await writer.AppendAsync(id, EventDraft.Of(new MetricsSampled("sandbox-eu", new CohortSample(0.005, 120, 10), new CohortSample(0.004, 118, 30))) with { At = deploy.AddSeconds(4 + (4 * i)) });
        }

        var page = Context.Render<ReleasePage>(p => p.Add(x => x.Id, id));
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=flight-chart]").Count), Wait);
        var chart = page.FindAll("[data-testid=flight-chart]")[0];

        // About 3 minutes skipped, named on the band.
        var skipped = int.Parse(chart.GetAttribute("data-skipped")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(skipped, 170, 185);
        Assert.Contains("earlier, nothing deployed", chart.QuerySelector("[data-testid=flight-skipped]")!.TextContent, StringComparison.Ordinal);

        // The weight marker sits near the left, not squeezed against the right edge.
        var x = double.Parse(chart.QuerySelector("[data-testid=flight-marker] line")!.GetAttribute("x1")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(x, 48, 150);
    }

    [Fact]
    public async Task NoWait_ChartStartsAtTheFirstEvent()
    {
        var id = await CreateReleaseAsync(Plan);
        var writer = Get<JournalWriter>();
        for (var i = 0; i < 3; i++)
        {
            await writer.AppendAsync(id, EventDraft.Of(new MetricsSampled("sandbox-eu", new CohortSample(0.005, 120, 10), new CohortSample(0.004, 118, 30))));
        }
        var page = Context.Render<ReleasePage>(p => p.Add(x => x.Id, id));
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=flight-chart]").Count), Wait);
        Assert.Equal("0", page.FindAll("[data-testid=flight-chart]")[0].GetAttribute("data-skipped"));
        Assert.Empty(page.FindAll("[data-testid=flight-skipped]"));
    }
}
