using System.Security.Claims;
using Bunit;
using MudBlazor;
using PortalRelease.Portal.Components.Controls;
using PortalRelease.Portal.Identity;
using PortalRelease.Portal.Identity.Local;

namespace PortalRelease.Portal.Tests.PortalComponents;

/// <summary>The Access page's Users section for an admin in Local mode, on the real services and database.</summary>
public sealed class LocalUsersSectionTests() : PortalPageContext(new Dictionary<string, string?> { ["Portal:Auth:Mode"] = "Local" })
{
    [Fact]
    public async Task AddUser_ShowsTheOneTimePasswordOnce_WhichSignsInAndMustBeChanged()
    {
        var (dialogs, section) = await RenderAsAdminAsync();

        section.Find("[data-testid=user-name]").Input("dana");
        section.Find("[data-testid=user-display-name]").Input("Dana K");
        section.Find("[data-testid=user-groups]").Input("payments, sre");
        // Adding finishes once the password dialog is closed.
        var adding = section.Find("[data-testid=user-add]").ClickAsync(new());

        var password = "";
        dialogs.WaitForAssertion(() => password = dialogs.Find("[data-testid=one-time-password]").GetAttribute("value") ?? "", Wait);
        Assert.Equal(OneTimePassword.Length, password.Length);
        var signIn = await Get<LocalAccountService>().SignInAsync("dana", password, null);
        Assert.True(signIn.Succeeded && signIn.MustChangePassword);
        await dialogs.Find("[data-testid=one-time-password-done]").ClickAsync(new());
        await adding.WaitAsync(Wait);
        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=one-time-password]")), Wait);
        section.WaitForAssertion(() => Assert.Contains("payments", section.Find("[data-testid=user-row][data-user=dana]").TextContent, StringComparison.Ordinal), Wait);
        Assert.DoesNotContain(password, section.Markup + dialogs.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadUserName_IsShownAtTheField_AndNothingIsAdded()
    {
        var (_, section) = await RenderAsAdminAsync();

        section.Find("[data-testid=user-name]").Input("sa:bot");
        await section.Find("[data-testid=user-add]").ClickAsync(new());

        section.WaitForAssertion(() => Assert.Contains("service accounts", section.Markup, StringComparison.Ordinal), Wait);
        Assert.Single(section.FindAll("[data-testid=user-row]"));
    }

    [Fact]
    public async Task OwnRow_DisableIsOffWithTheReason_AnotherUsersIsOn()
    {
        await Get<LocalAccountService>().CreateAsync("erin", "Erin", "a long password nobody guesses", ["sre"], mustChange: false);
        var (_, section) = await RenderAsAdminAsync();
        section.WaitForAssertion(() => Assert.Equal(2, section.FindAll("[data-testid=user-row]").Count), Wait);

        var own = section.Find("[data-testid=user-row][data-user=admin] [data-testid=user-disable]");
        var other = section.Find("[data-testid=user-row][data-user=erin] [data-testid=user-disable]");

        Assert.True(own.HasAttribute("disabled"));
        Assert.Equal("You cannot disable your own account.", own.GetAttribute("aria-label"));
        Assert.False(other.HasAttribute("disabled"));
    }

    private async Task<(IRenderedComponent<MudDialogProvider> Dialogs, IRenderedComponent<LocalUsers> Section)> RenderAsAdminAsync()
    {
        await Get<LocalAccountService>().CreateAsync(InitialAdmin.UserName, "Administrator", "a long password nobody guesses", [InitialAdmin.Group], mustChange: false);
        var admin = new PortalUser(InitialAdmin.UserName, "Administrator", null, [InitialAdmin.Group], LocalAccountService.Method);
        Get<CurrentActor>().SetCircuitUser(new ClaimsPrincipal(PortalClaims.Identity(LocalAccountService.Method, admin)));
        Context.Render<MudPopoverProvider>();
        var dialogs = Context.Render<MudDialogProvider>();
        var section = Context.Render<LocalUsers>();
        section.WaitForAssertion(() => Assert.NotEmpty(section.FindAll("[data-testid=user-row]")), Wait);
        return (dialogs, section);
    }
}

/// <summary>Outside Local mode the section says why it manages nothing.</summary>
public sealed class LocalUsersSectionDevelopmentTests : PortalPageContext
{
    [Fact]
    public void DevelopmentMode_SaysAccountsAreManagedOnlyInLocalMode_AndListsNone()
    {
        var section = Context.Render<LocalUsers>();

        Assert.Contains("managed only when", section.Find("[data-testid=users-not-local]").TextContent, StringComparison.Ordinal);
        Assert.Empty(section.FindAll("[data-testid=user-row]"));
    }
}
