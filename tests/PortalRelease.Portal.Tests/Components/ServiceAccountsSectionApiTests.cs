using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using AngleSharp.Dom;
using Bunit;
using MudBlazor;
using PortalRelease.Portal.Audit;
using PortalRelease.Portal.Components.Controls;
using PortalRelease.Portal.Identity;
using PortalRelease.Portal.Identity.Local;
using PortalRelease.Portal.Identity.ServiceAccounts;
using PortalRelease.Portal.Tests.Api;
using PortalRelease.Portal.Tests.Identity;

namespace PortalRelease.Portal.Tests.PortalComponents;

/// <summary>
/// The section's token against the real API: the section runs on its own container over the same database as a
/// portal served in memory, as a second node would; what it issues must authenticate there, and its revoke must end that.
/// </summary>
public sealed class ServiceAccountsSectionApiTests : PortalPageContext
{
    private static readonly PortalUser Admin = new(InitialAdmin.UserName, "Administrator", null, [InitialAdmin.Group], LocalAccountService.Method);
    private readonly TempPortalHome _home;

    public ServiceAccountsSectionApiTests()
        : this(new TempPortalHome())
    {
    }

    private ServiceAccountsSectionApiTests(TempPortalHome home)
        : base(new Dictionary<string, string?> { ["Portal:Auth:Mode"] = "Local", ["Portal:DataDirectory"] = home.DataDirectory })
    {
        _home = home;
    }

    [Fact]
    public async Task TokenIssuedOnTheSection_AuthenticatesAnApiCall_AndIs401AfterTheSectionRevokesIt()
    {
        await using var portal = new LocalPortal(_home, new Dictionary<string, string> { ["Portal:Access:Grants:0:User"] = "sa:deploy-bot", ["Portal:Access:Grants:0:Role"] = "viewer" });
        using (var warm = portal.Browser())
        {
            Assert.Equal(HttpStatusCode.OK, (await warm.GetAsync("/healthz")).StatusCode);
        }
        await Get<ServiceAccountService>().CreateAsync(ActorOf(Admin), "deploy-bot", "Deploy bot", null);
        Get<CurrentActor>().SetCircuitUser(new ClaimsPrincipal(PortalClaims.Identity(Admin.Method, Admin)));
        Context.Render<MudPopoverProvider>();
        var dialogs = Context.Render<MudDialogProvider>();
        var section = Context.Render<ServiceAccountsSection>();
        section.WaitForAssertion(() => section.Find("[data-account=deploy-bot] [data-testid=service-account-issue]"), Wait);

        var issuing = section.Find("[data-account=deploy-bot] [data-testid=service-account-issue]").ClickAsync(new());
        dialogs.WaitForAssertion(() => dialogs.Find("[data-testid=token-name]"), Wait);
        dialogs.Find("[data-testid=token-name]").Input("ci");
        _ = dialogs.Find("[data-testid=token-create]").ClickAsync(new());
        var value = "";
        dialogs.WaitForAssertion(() => value = dialogs.Find("[data-testid=token-value]").GetAttribute("value") ?? "", Wait);
        await dialogs.Find("[data-testid=token-value-done]").ClickAsync(new());
        await issuing.WaitAsync(Wait);

        using var bot = portal.Browser();
        bot.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", value);
        using (var allowed = await bot.GetAsync("/api/releases"))
        {
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        var revoking = section.Find("[data-testid=token-revoke]").ClickAsync(new());
        IElement? yes = null;
        dialogs.WaitForAssertion(() => yes = dialogs.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Revoke"), Wait);
        await yes!.ClickAsync(new());
        await revoking.WaitAsync(Wait);

        using var refused = await bot.GetAsync("/api/releases");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    private static AuditActor ActorOf(PortalUser user) =>
        new(user.Id, user.Name, user.Method, null) { Principal = new ClaimsPrincipal(PortalClaims.Identity(user.Method, user)) };

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _home.Dispose();
    }
}
