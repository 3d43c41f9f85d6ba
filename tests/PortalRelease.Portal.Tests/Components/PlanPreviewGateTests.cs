using System.Text.Json;
using Bunit;
using PortalRelease.Portal.Api;
using PortalRelease.Portal.Components.Controls;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Identity;
using PortalRelease.Portal.Releases;
using PortalRelease.Portal.Templates;

namespace PortalRelease.Portal.Tests.PortalComponents;

/// <summary>The plan preview's gate notes as the person about to start the release reads them.</summary>
public sealed class PlanPreviewGateTests() : PortalPageContext(Settings)
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Portal:Engine:AllowIdentityHeader"] = "true",
        ["Portal:Access:Groups:release-managers:0"] = "alice",
        ["Portal:Access:Groups:release-managers:1"] = "bob",
    };

    private const string GatedYaml = """
        name: checkout-gated
        service: checkout
        stages:
          - name: production
            approval: { role: release-managers, approvers: 2, timeout: 4h, onTimeout: reject }
            targets: [sandbox-us]
            steps:
              - setWeight: 10
        """;

    private async Task<IRenderedComponent<PlanView>> PreviewAsUserAsync(string user)
    {
        await AddSandboxTargetsAsync();
        await Get<TemplateRepository>().SaveAsync("checkout-gated", null, GatedYaml, Actor, DateTimeOffset.UtcNow);
        var preview = await Get<ReleaseService>().PreviewAsync("checkout-gated", new Dictionary<string, JsonElement>());
        var plan = preview.Compiled?.Plan ?? throw new InvalidOperationException(string.Join("; ", preview.Errors.SelectMany(e => e.Value)));
        Assert.True(Get<CurrentActor>().Switch(user));
        return Context.Render<PlanView>(p => p.Add(x => x.Plan, plan));
    }

    [Fact]
    public async Task Render_AuthorIsInTheRoleAndTooFewOthers_WarnsTheApprovalsCannotBeGiven()
    {
        var view = await PreviewAsUserAsync("alice");

        var gate = view.Find("[data-testid=plan-gate]");
        Assert.Contains("Needs 2 approvals from release-managers (alice, bob), never the author", gate.TextContent);
        Assert.Contains("Started by you (alice), it cannot get them: you are its author and release-managers has only 1 other member.", gate.TextContent);
        Assert.Contains("mud-alert-text-warning", gate.ClassName);
    }

    [Fact]
    public async Task Render_AuthorOutsideTheRole_NamesWhoApprovesWithoutWarning()
    {
        var view = await PreviewAsUserAsync("carol");

        var gate = view.Find("[data-testid=plan-gate]");
        Assert.Contains("Needs 2 approvals from release-managers (alice, bob), never the author; after 4h undecided: reject.", gate.TextContent);
        Assert.DoesNotContain("cannot get them", gate.TextContent);
        Assert.DoesNotContain("mud-alert-text-warning", gate.ClassName);
        Assert.Contains("Gates add: 1 approval gate, counted above at their timeouts", view.Find("[data-testid=plan-gate-estimate]").TextContent);
    }

    [Theory]
    [InlineData(83 * 60 + 24, "3 d 11 h 24 m")]
    [InlineData(48 * 60, "2 d")]
    [InlineData(150, "2h30m")]
    public void Wait_MinutesAway_ReadsInDaysOnceADayOrMore(int minutes, string expected) =>
        Assert.Equal(expected, PlanGateEstimate.Wait(TimeSpan.FromMinutes(minutes)));
}
