using Bunit;
using PortalRelease.Portal.Components.Pages;
using PortalRelease.Portal.Identity;
using PortalRelease.Portal.Ownership;

namespace PortalRelease.Portal.Tests.PortalComponents;

/// <summary>
/// The Services page: everyone reads who owns what; only an admin sees the form, and what they save is in the catalog
/// (and the audit log). The templates page shows each template's owner from the same catalog.
/// </summary>
public sealed class ServicesPageTests() : PortalPageContext(new Dictionary<string, string?>
{
    ["Portal:Engine:AllowIdentityHeader"] = "true",
    ["Portal:Access:DevelopmentEveryoneIsAdmin"] = "false",
    ["Portal:Access:Grants:0:Everyone"] = "true",
    ["Portal:Access:Grants:0:Role"] = "viewer",
    ["Portal:Access:Grants:1:User"] = Actor,
    ["Portal:Access:Grants:1:Role"] = "admin",
})
{
    [Fact]
    public async Task ServicesPage_ForAViewer_ListsOwnersWithoutTheForm()
    {
        await Get<ServiceCatalog>().PutAsync("payments-api", new ServiceInput("payments", "Card payments"), TestActor.Of(Actor));
        Assert.True(Get<CurrentActor>().Switch("vic"));

        var page = Context.Render<Services>();

        page.WaitForAssertion(() => Assert.Equal("payments", page.Find("[data-service=payments-api] [data-testid=service-row-team]").TextContent.Trim()), Wait);
        Assert.Empty(page.FindAll("[data-testid=service-form]"));
        Assert.Empty(page.FindAll("[data-testid=service-remove]"));
        Assert.NotEmpty(page.FindAll("[data-testid=services-readonly]"));
    }

    [Fact]
    public async Task ServicesPage_AnAdminRegistersAService_ItIsInTheCatalog()
    {
        Assert.True(Get<CurrentActor>().Switch(Actor));
        var page = Context.Render<Services>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=service-form]")), Wait);

        page.Find("input[data-testid=service-name]").Input("ledger");
        page.Find("input[data-testid=service-team]").Input("finance");
        page.Find("[data-testid=service-save]").Click();

        page.WaitForAssertion(() => Assert.Equal("finance", page.Find("[data-service=ledger] [data-testid=service-row-team]").TextContent.Trim()), Wait);
        Assert.Equal("finance", (await Get<ServiceCatalog>().GetAsync("ledger"))?.Team);
    }

    [Fact]
    public async Task ServicesPage_BadTeam_ShowsTheProblemAndSavesNothing()
    {
        Assert.True(Get<CurrentActor>().Switch(Actor));
        var page = Context.Render<Services>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=service-form]")), Wait);

        page.Find("input[data-testid=service-name]").Input("ledger");
        page.Find("input[data-testid=service-team]").Input("fin ance");
        page.Find("[data-testid=service-save]").Click();

        page.WaitForAssertion(() => Assert.Contains("a group name is", page.Find("[data-testid=service-form]").TextContent), Wait);
        Assert.Empty(await Get<ServiceCatalog>().ListAsync());
    }

    [Fact]
    public async Task TemplatesPage_ShowsEachTemplatesOwningTeam()
    {
        await AddSandboxTargetsAsync();
        await SaveSampleTemplateAsync("slo-canary");
        await SaveSampleTemplateAsync("quick-canary");
        await Get<ServiceCatalog>().PutAsync("sandbox-shop", new ServiceInput("shop", null), TestActor.Of(Actor));

        var page = Context.Render<PortalRelease.Portal.Components.Pages.Templates>();

        page.WaitForAssertion(() =>
        {
            Assert.Equal("shop", page.Find("[data-template=slo-canary] [data-testid=template-owner]").GetAttribute("data-team"));
            Assert.Equal("", page.Find("[data-template=quick-canary] [data-testid=template-owner]").GetAttribute("data-team"));
            Assert.Contains("no owner in the service catalog", page.Find("[data-template=quick-canary] [data-testid=template-owner]").TextContent);
        }, Wait);
    }
}
