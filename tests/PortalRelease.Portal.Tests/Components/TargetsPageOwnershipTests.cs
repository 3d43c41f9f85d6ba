using Bunit;
using PortalRelease.Portal.Data;
using PortalRelease.Portal.Identity;
using PortalRelease.Portal.Templates;
using TargetsPage = PortalRelease.Portal.Components.Pages.Targets;

namespace PortalRelease.Portal.Tests.PortalComponents;

/// <summary>
/// The Targets page shows each target's environment and team, flags unlabelled ones, and gives an admin for one team in
/// one environment the buttons of exactly those targets, saying why the others are off (TargetService's own words).
/// </summary>
public sealed class TargetsPageOwnershipTests() : PortalPageContext(new Dictionary<string, string?>
{
    ["Portal:Engine:AllowIdentityHeader"] = "true",
    ["Portal:Access:DevelopmentEveryoneIsAdmin"] = "false",
    ["Portal:Access:Grants:0:Everyone"] = "true",
    ["Portal:Access:Grants:0:Role"] = "viewer",
    ["Portal:Access:Grants:1:Group"] = "payments-admins",
    ["Portal:Access:Grants:1:Role"] = "admin",
    ["Portal:Access:Grants:1:Teams:0"] = "payments",
    ["Portal:Access:Grants:1:Environments:0"] = "staging",
    ["Portal:Access:Groups:payments-admins:0"] = "adam",
})
{
    [Fact]
    public async Task TargetsPage_AdminForOneTeamAndEnvironment_ManagesOnlyThoseTargets_AndSeesWhyNotTheOthers()
    {
        var repository = Get<TargetRepository>();
        await repository.AddAsync(new TargetRecord("stage-eu", "sandbox", SampleSeeder.SandboxSettings, DateTimeOffset.UtcNow) { Environment = "staging", Team = "payments" });
        await repository.AddAsync(new TargetRecord("prod-eu", "sandbox", SampleSeeder.SandboxSettings, DateTimeOffset.UtcNow) { Environment = "production", Team = "payments" });
        await repository.AddAsync(new TargetRecord("bare-eu", "sandbox", SampleSeeder.SandboxSettings, DateTimeOffset.UtcNow));
        Assert.True(Get<CurrentActor>().Switch("adam"));

        var page = Context.Render<TargetsPage>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=target-forbidden]").Count), Wait);
        // He may manage some targets: no page-wide refusal (New is on whenever a plugin provides a kind).
        Assert.Empty(page.FindAll("[data-testid=targets-forbidden]"));
        var rows = page.FindAll("tr").Where(r => r.QuerySelector("[data-testid=target]") is not null).ToDictionary(r => r.QuerySelector("[data-testid=target]")!.GetAttribute("data-target")!);
        Assert.Equal(3, rows.Count);
        Assert.False(rows["stage-eu"].QuerySelector("[data-testid=target-edit]")!.HasAttribute("disabled"));
        Assert.Null(rows["stage-eu"].QuerySelector("[data-testid=target-forbidden]"));
        foreach (var other in new[] { "prod-eu", "bare-eu" })
        {
            foreach (var action in new[] { "target-test", "target-edit", "target-delete" })
            {
                Assert.True(rows[other].QuerySelector($"[data-testid={action}]")!.HasAttribute("disabled"), $"{action} of {other} is enabled");
            }
            Assert.Contains("adam may not manage targets", rows[other].QuerySelector("[data-testid=target-forbidden]")!.TextContent);
        }
        Assert.Contains("production", rows["prod-eu"].QuerySelector("[data-testid=target-forbidden]")!.TextContent);
        Assert.Equal("staging", rows["stage-eu"].QuerySelector("[data-testid=target-environment]")!.GetAttribute("data-environment"));
        Assert.Equal("payments", rows["stage-eu"].QuerySelector("[data-testid=target-team]")!.GetAttribute("data-team"));
        Assert.Equal(["environment", "team"], rows["bare-eu"].QuerySelectorAll("[data-testid=target-unlabelled]").Select(c => c.GetAttribute("data-label")));
    }
}
