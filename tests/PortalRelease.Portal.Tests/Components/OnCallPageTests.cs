using Bunit;
using PortalRelease.Portal.Components.Pages;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Releases;
using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Tests.PortalComponents;

public sealed class OnCallPageTests : PortalPageContext
{
    private static readonly ReleasePlan Plan = new(
        [new PlanStage("sandbox", ["sandbox-eu"], [
            new SetWeightStep(25),
            new AnalysisStep("error-rate", null, 0.05, null, TimeSpan.FromSeconds(1), 2, 0, 0),
            new PromoteStep(),
        ])],
        new RollbackPolicy(true));

    private async Task<string> DeployingAsync(int weight)
    {
        var id = await CreateReleaseAsync(Plan);
        var key = $"{id}:apply:0:sandbox-eu";
        await Get<JournalWriter>().AppendAsync(id,
            EventDraft.Of(new StateChanged(Lifecycle.Proposed, Lifecycle.Validated, null)),
            EventDraft.Of(new StateChanged(Lifecycle.Validated, Lifecycle.Deploying, "Deployment started")),
            EventDraft.Of(new StepStarted(0, "sandbox", $"Set canary weight to {weight}%")),
            EventDraft.Of(new ActionIntended(key, "sandbox-eu", "apply", "1.0.0", "canary", weight)),
            EventDraft.Of(new ActionDone(key, "sandbox-eu", "Applied", null)),
            EventDraft.Of(new StepStarted(1, "sandbox", "Analyse error-rate")));
        return id;
    }

    private static EventDraft Measured(double value, MeasurementOutcome outcome, int round) =>
        EventDraft.Of(new MeasurementTaken(1, round, "sandbox-eu", "error-rate", value, 1000, 0.05, null, outcome, "error-rate against 0.05"), "engine");

    [Fact]
    public async Task Render_ConstructedJournal_ShowsInFlightHealthRollbacksAndAlertsAndFollowsTheStream()
    {
        var healthy = await DeployingAsync(25);
        await Get<JournalWriter>().AppendAsync(healthy, Measured(0.01, MeasurementOutcome.Passed, 1));

        var paused = await DeployingAsync(10);
        var stored = await Get<IncidentRepository>().AddAsync([new IncidentRecord(
            0, DateTimeOffset.UtcNow, "fp-1", "firing", "quick-canary", "HighErrorRate", "g", "portal", DateTimeOffset.UtcNow, null, null,
            new Dictionary<string, string>(), new Dictionary<string, string>(), [paused])]);
        var alert = new IncidentAlert(stored[0].Id, "fp-1", "firing", "quick-canary", "HighErrorRate",
            new Dictionary<string, string>(), new Dictionary<string, string>(), DateTimeOffset.UtcNow, null, null);
        var snapshot = new ReleaseSnapshot("Deploying", false, 1, null, new Dictionary<string, int>(), []);
        await Get<JournalWriter>().AppendAsync(paused,
            EventDraft.Of(new IncidentOpened(alert, snapshot, "pause"), "alertmanager"),
            EventDraft.Of(new Paused("Incident: alert HighErrorRate is firing"), "alertmanager"));

        var rolled = await DeployingAsync(50);
        await Get<JournalWriter>().AppendAsync(rolled,
            Measured(0.3, MeasurementOutcome.Failed, 1),
            EventDraft.Of(new AnalysisVerdict(1, Verdict.Failed, 1, 1, 0, "error-rate 0.3 > 0.05"), "engine"),
            EventDraft.Of(new StateChanged(Lifecycle.Verifying, Lifecycle.Failed, "Analysis failed"), "engine"),
            EventDraft.Of(new RollbackRequested("Analysis failed"), "engine"));
        await Get<JournalWriter>().AppendAsync(rolled, EventDraft.Of(new StateChanged(Lifecycle.Failed, Lifecycle.RolledBack, "Rolled back"), "engine"));

        var page = Context.Render<OnCallPage>();
        page.WaitForAssertion(() => Assert.Equal("2", page.Find("[data-testid=oncall-inflight]").GetAttribute("data-count")), Wait);

        var green = page.Find($"[data-testid=inflight-row][data-release='{healthy}']");
        Assert.Equal("green", green.GetAttribute("data-health"));
        Assert.Equal("25", green.QuerySelector("[data-testid=inflight-weight]")!.GetAttribute("data-weight"));
        Assert.Contains("0.01 (max 0.05) — Passed", green.QuerySelector("[data-testid=inflight-measurement]")!.TextContent);
        var red = page.Find($"[data-testid=inflight-row][data-release='{paused}']");
        Assert.Equal("red", red.GetAttribute("data-health"));
        Assert.Contains(red.QuerySelectorAll("[data-testid=inflight-substate]"), s => s.TextContent.StartsWith("Paused", StringComparison.Ordinal));
        Assert.Empty(page.FindAll($"[data-testid=inflight-row][data-release='{rolled}']"));

        var rollback = page.Find($"[data-testid=rollback-row][data-release='{rolled}']");
        Assert.Equal("true", rollback.GetAttribute("data-automatic"));
        Assert.Equal("RolledBack", rollback.QuerySelector("[data-testid=rollback-outcome]")!.TextContent.Trim());
        Assert.Contains("automatic rollback", rollback.TextContent);
        Assert.Contains("Analysis failed", rollback.TextContent);

        var alertRow = page.Find($"[data-testid=alert-row][data-incident='{stored[0].Id}']");
        Assert.Contains("HighErrorRate", alertRow.TextContent);
        var action = alertRow.QuerySelector("[data-testid=alert-release]")!;
        Assert.Equal((paused, "pause"), (action.GetAttribute("data-release"), action.GetAttribute("data-action")));
        Assert.Contains("paused", action.TextContent);

        // Live: a failed measurement committed now turns the healthy release red without reloading the page.
        await Get<JournalWriter>().AppendAsync(healthy, Measured(0.2, MeasurementOutcome.Failed, 2));
        page.WaitForAssertion(() => Assert.Equal("red", page.Find($"[data-testid=inflight-row][data-release='{healthy}']").GetAttribute("data-health")), Wait);
        // And a manual rollback shows up as manual, with its reason.
        await Get<JournalWriter>().AppendAsync(healthy, EventDraft.Of(new RollbackRequested("error rate climbing"), "alice"));
        page.WaitForAssertion(() =>
        {
            var manual = page.Find($"[data-testid=rollback-row][data-release='{healthy}']");
            Assert.Equal("false", manual.GetAttribute("data-automatic"));
            Assert.Contains("error rate climbing", manual.TextContent);
            Assert.Contains("in progress", manual.TextContent);
        }, Wait);
    }

    [Fact]
    public async Task Render_NothingInFlight_SaysSoInEachSection()
    {
        await SaveSampleTemplateAsync("quick-canary");
        var page = Context.Render<OnCallPage>();
        page.WaitForAssertion(() => Assert.Equal("0", page.Find("[data-testid=oncall-inflight]").GetAttribute("data-count")), Wait);
        Assert.Contains("every release has settled", page.Find("[data-testid=oncall-inflight]").TextContent);
        Assert.Equal("0", page.Find("[data-testid=oncall-rollbacks]").GetAttribute("data-count"));
        Assert.Equal("0", page.Find("[data-testid=oncall-alerts]").GetAttribute("data-count"));
    }
}
