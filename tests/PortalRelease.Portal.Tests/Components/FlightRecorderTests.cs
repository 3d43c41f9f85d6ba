using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;
using PortalRelease.Portal.Components.Controls;
using PortalRelease.Portal.Components.Pages;
using PortalRelease.Portal.Releases;
using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Tests.PortalComponents;

public sealed class FlightRecorderTests : PortalPageContext
{
    private static readonly ReleasePlan Plan = new(
        [new PlanStage("sandbox", ["sandbox-eu", "sandbox-us"], [
            new SetWeightStep(25),
            new AnalysisStep("error-rate", null, 0.05, null, TimeSpan.FromSeconds(1), 2, 0, 0),
            new PromoteStep(),
        ])],
        new RollbackPolicy(true));

    /// <summary>A release through weight, measurements, an approval-free pause and a promotion, with telemetry between.</summary>
    private async Task<string> FlownAsync(int samples = 3)
    {
        var id = await CreateReleaseAsync(Plan);
        var writer = Get<JournalWriter>();
        await writer.AppendAsync(id,
            EventDraft.Of(new StateChanged(Lifecycle.Proposed, Lifecycle.Validated, null)),
            EventDraft.Of(new StateChanged(Lifecycle.Validated, Lifecycle.Deploying, "Deployment started")),
            EventDraft.Of(new StepStarted(0, "sandbox", "Set canary weight to 25%")));
        foreach (var target in new[] { "sandbox-eu", "sandbox-us" })
        {
            var key = $"{id}:apply:0:{target}";
            await writer.AppendAsync(id, EventDraft.Of(new ActionIntended(key, target, "apply", "1.0.0", "canary", 25)));
            await writer.AppendAsync(id, EventDraft.Of(new ActionDone(key, target, "Applied", null)));
        }
        for (var i = 0; i < samples; i++)
        {
            await writer.AppendAsync(id, EventDraft.Of(new MetricsSampled("sandbox-eu", new CohortSample(0.01, 120 + i, 10), new CohortSample(0.01, 118, 30))));
        }
        await writer.AppendAsync(id,
            EventDraft.Of(new MeasurementTaken(1, 1, "sandbox-us", "error-rate", 0.01, 900, 0.05, null, MeasurementOutcome.Passed, "ok"), "engine"),
            EventDraft.Of(new Paused("checking dashboards"), "alice"),
            EventDraft.Of(new Resumed("looks fine"), "alice"),
            EventDraft.Of(new StateChanged(Lifecycle.Verifying, Lifecycle.Promoted, "All steps done"), "engine"));
        return id;
    }

    private static IReadOnlyList<IElement> Entries(IRenderedComponent<ReleasePage> page) => page.FindAll("[data-testid=timeline-entry]");

    /// <summary>MudTextField puts its attributes on the input or on its wrapper, depending on the version.</summary>
    private static IElement FilterInput(IRenderedComponent<ReleasePage> page)
    {
        var filter = page.Find("[data-testid=timeline-filter]");
        return filter.TagName == "INPUT" ? filter : filter.QuerySelector("input")!;
    }

    private IRenderedComponent<ReleasePage> Open(string id, string? suffix = null)
    {
        Get<NavigationManager>().NavigateTo($"/releases/{id}{suffix}");
        var page = Context.Render<ReleasePage>(p => p.Add(x => x.Id, id));
        page.WaitForAssertion(() => Assert.NotEmpty(Entries(page)), Wait);
        return page;
    }

    [Fact]
    public async Task CategoryChips_TurnDriverCallsOffAndTelemetryOn_FilterTheTimeline()
    {
        var id = await FlownAsync();
        var page = Open(id);
        Assert.Contains(Entries(page), e => e.GetAttribute("data-type") == nameof(ActionIntended));
        Assert.DoesNotContain(Entries(page), e => e.GetAttribute("data-category") == "telemetry");

        page.Find("[data-testid=category-chip][data-category=driver]").Click();
        page.WaitForAssertion(() => Assert.DoesNotContain(Entries(page), e => e.GetAttribute("data-category") == "driver"), Wait);
        Assert.Equal("false", page.Find("[data-testid=category-chip][data-category=driver]").GetAttribute("data-selected"));
        Assert.Contains(Entries(page), e => e.GetAttribute("data-type") == nameof(MeasurementTaken));

        page.Find("[data-testid=category-chip][data-category=telemetry]").Click();
        page.WaitForAssertion(() => Assert.Equal(3, Entries(page).Count(e => e.GetAttribute("data-category") == "telemetry")), Wait);

        // Only control events: pause and resume.
        foreach (var chip in page.FindAll("[data-testid=category-chip][data-selected=true]").Select(c => c.GetAttribute("data-category")).ToList())
        {
            if (chip != "control")
            {
                page.Find($"[data-testid=category-chip][data-category={chip}]").Click();
            }
        }
        page.WaitForAssertion(() => Assert.Equal([nameof(Resumed), nameof(Paused)], Entries(page).Select(e => e.GetAttribute("data-type"))), Wait);
    }

    [Fact]
    public async Task TextFilter_MatchesTextDetailAndActor_CaseInsensitively()
    {
        var id = await FlownAsync();
        var page = Open(id);
        FilterInput(page).Input("SANDBOX-US");
        page.WaitForAssertion(() =>
        {
            var shown = Entries(page);
            Assert.NotEmpty(shown);
            Assert.All(shown, e => Assert.Contains("sandbox-us", e.TextContent, StringComparison.Ordinal));
            Assert.Contains(shown, e => e.GetAttribute("data-type") == nameof(MeasurementTaken));
        }, Wait);

        FilterInput(page).Input("alice");
        page.WaitForAssertion(() => Assert.Equal([nameof(Resumed), nameof(Paused)], Entries(page).Select(e => e.GetAttribute("data-type"))), Wait);
        Assert.Contains("2 of", page.Find("[data-testid=timeline-summary]").TextContent);
    }

    [Fact]
    public async Task EventLink_QueryOrFragment_HighlightsThatEventEvenOnAnOlderPageOrHiddenCategory()
    {
        var id = await FlownAsync(samples: 250);
        var events = await Get<PortalRelease.Portal.Data.JournalRepository>().ReadAsync(id);
        var created = events.Single(e => e.Type == nameof(ReleaseCreated)).Seq;

        // The first event is far beyond the first page of a long timeline: the link opens the page that holds it.
        var page = Open(id, $"?event={created}");
        page.WaitForAssertion(() =>
        {
            var highlighted = page.FindAll("[data-testid=timeline-entry][data-highlighted=true]");
            Assert.Equal(created.ToString(), Assert.Single(highlighted).GetAttribute("data-seq"));
        }, Wait);
        Assert.Equal($"event-{created}", page.Find("[data-testid=timeline-entry][data-highlighted=true]").Id);
        Assert.True(Entries(page).Count <= FlightRecorder.PageSize);

        // A telemetry sample is hidden by default; linking to one shows its category.
        var sample = events.Last(e => e.Type == nameof(MetricsSampled)).Seq;
        Get<NavigationManager>().NavigateTo($"/releases/{id}#event-{sample}");
        page.WaitForAssertion(() =>
        {
            Assert.Equal(sample.ToString(), page.Find("[data-testid=timeline-entry][data-highlighted=true]").GetAttribute("data-seq"));
            Assert.Equal("true", page.Find("[data-testid=category-chip][data-category=telemetry]").GetAttribute("data-selected"));
        }, Wait);
        Assert.Contains(page.FindAll("[data-testid=event-link]"), a => a.GetAttribute("href") == $"releases/{id}?event={sample}");
    }

    [Fact]
    public async Task Chart_DrawsTelemetryWithAMarkerPerWeightChangePausePromotion()
    {
        var id = await FlownAsync();
        var page = Open(id);
        var chart = page.FindAll("[data-testid=flight-chart]")[0];
        Assert.Equal("2", chart.GetAttribute("data-lines"));
        var kinds = chart.QuerySelectorAll("[data-testid=flight-marker]").Select(m => m.GetAttribute("data-kind")).ToList();
        Assert.Equal(["weight", "weight", "pause", "resume", "promote"], kinds);
        Assert.All(chart.QuerySelectorAll("[data-testid=flight-marker]"), m => Assert.StartsWith($"releases/{id}?event=", m.GetAttribute("href"), StringComparison.Ordinal));
    }
}
