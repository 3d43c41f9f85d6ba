using System.Text.Json;
using Bunit;
using PortalRelease.Portal.Components.Pages;
using PortalRelease.Portal.Gates;
using PortalRelease.Portal.Releases;
using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Portal.Templates;
using PortalRelease.Portal.Tests.PortalComponents;

namespace PortalRelease.Portal.Tests.Gates;

/// <summary>While a calendar holds the next stage, the release page's "Now:" line says so instead of naming the last step.</summary>
public sealed class CalendarWaitPageTests() : PortalPageContext(new Dictionary<string, string?>
{
    ["Portal:Calendars:production:TimeZone"] = "UTC",
    ["Portal:Calendars:production:Windows:0:Days"] = Day,
    ["Portal:Calendars:production:Windows:0:From"] = "09:00",
    ["Portal:Calendars:production:Windows:0:To"] = "10:00",
})
{
    // A one-hour window two days from now (in UTC) is certainly closed now.
    private static readonly string Day = DateTime.UtcNow.AddDays(2).DayOfWeek.ToString()[..3];

    [Fact]
    public async Task NowLine_ShowsTheWindowWait_ThenTheStepAgain()
    {
        var template = new TemplateParser().Parse("""
            name: windowed
            stages:
              - name: staging
                targets: [sandbox-us]
                steps:
                  - setWeight: 100
              - name: prod-eu
                environment: production
                targets: [sandbox-eu]
                steps:
                  - setWeight: 10
            """).Template!;
        var plan = new TemplateCompiler().Compile(template, new Dictionary<string, JsonElement>()).Plan!;
        var id = await CreateReleaseAsync(plan);
        var page = Context.Render<ReleasePage>(p => p.Add(x => x.Id, id));
        page.WaitForAssertion(() => page.Find("[data-testid=state-chip]"), Wait);
        var writer = Get<JournalWriter>();
        await writer.AppendAsync(id,
            EventDraft.Of(new StateChanged(Lifecycle.Proposed, Lifecycle.Validated, null)),
            EventDraft.Of(new StateChanged(Lifecycle.Validated, Lifecycle.Deploying, "Deployment started")),
            EventDraft.Of(new StepStarted(0, "staging", "Set canary weight to 100%")),
            EventDraft.Of(new StepCompleted(0)));
        page.WaitForAssertion(() => Assert.Equal("Set canary weight to 100%", page.Find("[data-testid=current-step]").TextContent.Trim()), Wait);

        var check = Get<GateConfig>().Check("production", DateTimeOffset.UtcNow);
        await writer.AppendAsync(id, EventDraft.Of(new WindowWaiting(1, "prod-eu", "production", check.OpensAt, check.Reason!)));

        page.WaitForAssertion(() =>
        {
            var now = page.Find("[data-testid=current-step]");
            Assert.Equal($"waiting for the production window, opens {Day} 09:00 UTC", now.TextContent.Trim());
            Assert.Equal("true", now.GetAttribute("data-waiting"));
        }, Wait);

        await writer.AppendAsync(id, EventDraft.Of(new StepStarted(1, "prod-eu", "Set canary weight to 10%")));
        page.WaitForAssertion(() => Assert.Equal("Set canary weight to 10%", page.Find("[data-testid=current-step]").TextContent.Trim()), Wait);
    }
}
