using System.Text.Json;
using Bunit;
using PortalRelease.Portal.Components.Pages;
using PortalRelease.Portal.Api;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Identity;
using PortalRelease.Portal.Releases;
using PortalRelease.Portal.Releases.Journal;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Tests.PortalComponents;

/// <summary>The gates panel offers Approve only to whom the service would accept it from, and tells the others why not in the service's words.</summary>
public sealed class GateStatusEligibilityTests() : PortalPageContext(new Dictionary<string, string?>
{
    ["Portal:Access:Groups:release-managers:0"] = Actor,
    ["Portal:Access:Groups:release-managers:1"] = "bob",
    ["Portal:Access:Groups:release-managers:2"] = "carol",
    ["Portal:Access:Groups:developers:0"] = "dave",
    ["Portal:Engine:AllowIdentityHeader"] = "true",
})
{
    [Fact]
    public async Task Author_InTheRole_IsNotOfferedApprove_AndIsToldWhoMust()
    {
        var (gates, id) = await RenderAwaitingApprovalAsync(Actor, approvedBy: "carol");

        Assert.Empty(gates.FindAll("[data-testid=gate-approve]"));
        Assert.Empty(gates.FindAll("[data-testid=gate-reject]"));
        Assert.Equal(
            $"tester started release '{id}' and cannot approve it: another member of release-managers must (bob).",
            gates.Find("[data-testid=gate-cannot-approve]").TextContent.Trim());
    }

    [Fact]
    public async Task Outsider_IsNotOfferedApprove_AndIsToldTheRole()
    {
        var (gates, _) = await RenderAwaitingApprovalAsync("dave");

        Assert.Empty(gates.FindAll("[data-testid=gate-approve]"));
        Assert.Equal(
            "dave is not in group 'release-managers', which this approval needs (members: tester, bob, carol).",
            gates.Find("[data-testid=gate-cannot-approve]").TextContent.Trim());
    }

    [Fact]
    public async Task Approver_WhoApprovedAlready_IsToldHowManyMoreAreNeeded()
    {
        var (gates, id) = await RenderAwaitingApprovalAsync("carol", approvedBy: "carol");

        Assert.Empty(gates.FindAll("[data-testid=gate-approve]"));
        Assert.Equal(
            $"carol already approved release '{id}'; 1 more approval from release-managers needed (bob).",
            gates.Find("[data-testid=gate-cannot-approve]").TextContent.Trim());
    }

    [Fact]
    public async Task AnotherMemberOfTheRole_IsOfferedApproveAndReject()
    {
        var (gates, _) = await RenderAwaitingApprovalAsync("bob");

        Assert.Equal("Approve as bob", gates.Find("[data-testid=gate-approve]").TextContent.Trim());
        Assert.NotNull(gates.Find("[data-testid=gate-reject]"));
        Assert.Empty(gates.FindAll("[data-testid=gate-cannot-approve]"));
    }

    [Fact]
    public async Task SwitchingIdentity_FromTheAuthorToAnApprover_OffersApproveWithoutReload()
    {
        var (gates, _) = await RenderAwaitingApprovalAsync(Actor);
        Assert.NotNull(gates.Find("[data-testid=gate-cannot-approve]"));

        Get<CurrentActor>().Switch("bob");

        gates.WaitForAssertion(() => Assert.Equal("Approve as bob", gates.Find("[data-testid=gate-approve]").TextContent.Trim()), Wait);
        Assert.Empty(gates.FindAll("[data-testid=gate-cannot-approve]"));
    }

    /// <summary>A release by <see cref="PortalPageContext.Actor"/> waiting for two release managers, seen on its page by <paramref name="viewer"/>.</summary>
    private async Task<(IRenderedComponent<ReleasePage> Page, string Id)> RenderAwaitingApprovalAsync(string viewer, string? approvedBy = null)
    {
        const string yaml = """
            name: checkout-release
            service: checkout
            stages:
              - name: production
                approval: { role: release-managers, approvers: 2 }
                targets: [sandbox-eu]
                steps:
                  - setWeight: 10
            """;
        var template = Get<TemplateParser>().Parse(yaml).Template!;
        await Get<TemplateRepository>().SaveAsync(template.Name, template.Description, yaml, Actor, DateTimeOffset.UtcNow);
        var plan = new TemplateCompiler().Compile(template, new Dictionary<string, JsonElement>()).Plan!;
        var id = Guid.NewGuid().ToString("N")[..12];
        var record = new ReleaseRecord(id, template.Name, 1, "7.1.0", "{}", JsonSerializer.Serialize(plan, JournalJson.Options), DateTimeOffset.UtcNow, Actor);
        List<EventDraft> events =
        [
            EventDraft.Of(new ReleaseCreated(template.Name, 1, "7.1.0", new Dictionary<string, object?>()), Actor),
            EventDraft.Of(new StateChanged(Lifecycle.Proposed, Lifecycle.Validated, null)),
            EventDraft.Of(new StateChanged(Lifecycle.Validated, Lifecycle.Deploying, null)),
            EventDraft.Of(new StepStarted(0, "production", plan.Stages[0].Steps[0].Describe())),
            EventDraft.Of(new ApprovalRequested(0, "production", "release-managers", 2, null, ApprovalTimeoutOutcome.Reject), "engine"),
        ];
        if (approvedBy is not null)
        {
            events.Add(EventDraft.Of(new ApprovalGiven(0, null), approvedBy));
        }
        await Get<JournalWriter>().CreateReleaseAsync(record, events);
        Assert.True(Get<CurrentActor>().Switch(viewer));
        var page = Context.Render<ReleasePage>(p => p.Add(x => x.Id, id));
        page.WaitForAssertion(() => page.Find("[data-testid=gate-status] [data-testid=gate-approval]"), Wait);
        return (page, id);
    }
}
