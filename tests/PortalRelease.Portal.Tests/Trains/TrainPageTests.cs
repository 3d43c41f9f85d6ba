using System.Text.Json;
using Bunit;
using PortalRelease.Portal.Components.Controls;
using PortalRelease.Portal.Components.Pages;
using PortalRelease.Portal.Releases;
using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Portal.Templates;
using PortalRelease.Portal.Tests.PortalComponents;

namespace PortalRelease.Portal.Tests.Trains;

/// <summary>A train as people read it: the preview names the components that run in parallel, the release page each component's progress.</summary>
public sealed class TrainPageTests : PortalPageContext
{
    private static ReleasePlan SamplePlan()
    {
        var template = new TemplateParser().Parse(TemplateSamples.Find("train")!.Yaml).Template!;
        return new TemplateCompiler().Compile(template, new Dictionary<string, JsonElement>()).Plan!;
    }

    [Fact]
    public void Preview_SaysWhichComponentsRunInParallel_AndWhatAFailureStops()
    {
        var view = Context.Render<PlanView>(p => p.Add(x => x.Plan, SamplePlan()));

        var notes = view.FindAll("[data-testid=plan-strategy]").Select(n => n.TextContent.Trim()).ToList();
        Assert.Contains(notes, n => n.StartsWith("Component database (starts first; if it fails, api, worker, web never start and only it is rolled back).", StringComparison.Ordinal));
        Assert.Contains(notes, n => n.StartsWith("Component api (starts when database is done; runs in parallel with worker; if it fails, web never starts and only it is rolled back).", StringComparison.Ordinal));
        Assert.Contains(notes, n => n.StartsWith("Component worker (starts when database is done; runs in parallel with api, web; if it fails, the components running beside it stop and only it is rolled back).", StringComparison.Ordinal));
        // database, then the longer of api (2 × 2s analysis) and worker (4s pause between batches): 4s, not their 8s sum.
        Assert.Contains("about 4s", view.Find("[data-testid=plan-estimate]").TextContent);
    }

    [Fact]
    public async Task ReleasePage_ShowsEveryRunningComponent_ThenWhatTheFailureStopped()
    {
        var plan = SamplePlan();
        var steps = plan.Steps().ToList();
        int First(string component) => steps.First(s => s.Stage.Component == component).Index;
        var id = await CreateReleaseAsync(plan);
        var page = Context.Render<ReleasePage>(p => p.Add(x => x.Id, id));
        page.WaitForAssertion(() => page.Find("[data-testid=state-chip]"), Wait);

        var writer = Get<JournalWriter>();
        await writer.AppendAsync(id,
            EventDraft.Of(new StateChanged(Lifecycle.Proposed, Lifecycle.Validated, null)),
            EventDraft.Of(new StateChanged(Lifecycle.Validated, Lifecycle.Deploying, "Deployment started")),
            EventDraft.Of(new StepStarted(0, "sandbox", "Replace every instance at once")),
            EventDraft.Of(new ActionIntended($"{id}/step-0/sandbox-eu", "sandbox-eu", "apply", "1.0.0", "stable", 100)),
            EventDraft.Of(new ActionDone($"{id}/step-0/sandbox-eu", "sandbox-eu", "Applied", null)),
            EventDraft.Of(new StepCompleted(0)),
            EventDraft.Of(new StepStarted(First("api"), "sandbox", "Set canary weight to 50%")),
            EventDraft.Of(new StepStarted(First("worker"), "sandbox", "Replace a batch: 50% of instances run the new version")));

        page.WaitForAssertion(() =>
        {
            Assert.Equal(
                ["api: Set canary weight to 50%", "worker: Replace a batch: 50% of instances run the new version"],
                page.FindAll("[data-testid=current-step]").Select(n => n.TextContent.Trim()));
            Assert.Equal(["Done", "Running", "Running", "Pending"], page.FindAll("[data-testid=wave]").Select(w => w.GetAttribute("data-status")));
            Assert.Contains("waiting for api", page.Find("[data-testid=wave][data-component=web]").TextContent);
            // sandbox-eu is live for the database, not yet for the api and web components that deploy to it after.
            Assert.Equal("Live", page.Find("[data-testid=wave][data-component=database] [data-testid=wave-target]").GetAttribute("data-phase"));
            Assert.Equal("Pending", page.Find("[data-testid=wave][data-component=api] [data-testid=wave-target]").GetAttribute("data-phase"));
            Assert.Equal("Pending", page.Find("[data-testid=wave][data-component=web] [data-testid=wave-target]").GetAttribute("data-phase"));
            Assert.Equal(2, page.FindAll("[data-testid=plan-step][data-status=Current]").Count);
        }, Wait);

        await writer.AppendAsync(id,
            EventDraft.Of(new StateChanged(Lifecycle.Deploying, Lifecycle.Failed, "Component api failed: boom")),
            EventDraft.Of(new ComponentFailed("api", First("api"), ["web"], ["worker"], [])));

        page.WaitForAssertion(() =>
        {
            Assert.Contains("skipped: it depends on api, which failed", page.Find("[data-testid=wave][data-component=web]").TextContent);
            Assert.Contains("stopped: api failed", page.Find("[data-testid=wave][data-component=worker]").TextContent);
            Assert.Contains("failed", page.Find("[data-testid=wave][data-component=api]").TextContent);
        }, Wait);
    }

    [Fact]
    public void Timeline_DescribesTheFailedComponentInWords()
    {
        var text = new ComponentFailed("api", 2, ["web"], ["worker"], ["admin"]).Describe();

        Assert.Equal("Component api failed at step 3; web depends on it and will not start; worker was running beside it and stops at the next step boundary; admin will not start either.", text);
    }
}
