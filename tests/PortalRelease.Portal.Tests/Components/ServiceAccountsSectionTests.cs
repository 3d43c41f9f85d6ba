using System.Security.Claims;
using AngleSharp.Dom;
using Bunit;
using MudBlazor;
using PortalRelease.Portal.Audit;
using PortalRelease.Portal.Components.Controls;
using PortalRelease.Portal.Identity;
using PortalRelease.Portal.Identity.Local;
using PortalRelease.Portal.Identity.ServiceAccounts;
using PortalRelease.Portal.Identity.Tokens;

namespace PortalRelease.Portal.Tests.PortalComponents;

/// <summary>The Access page's Service accounts section in Local mode, on the real services and database.</summary>
public sealed class ServiceAccountsSectionTests() : PortalPageContext(new Dictionary<string, string?> { ["Portal:Auth:Mode"] = "Local" })
{
    private static readonly PortalUser Admin = new(InitialAdmin.UserName, "Administrator", null, [InitialAdmin.Group], LocalAccountService.Method);

    [Fact]
    public async Task CreateAccount_ThroughTheDialog_IsListedWithItsDetails()
    {
        var (dialogs, section) = Render(Admin);

        await CreateAccountAsync(dialogs, section, "deploy-bot", "Deploy bot", "Releases from CI");

        section.WaitForAssertion(() => Assert.Single(section.FindAll("[data-testid=service-account-row][data-account=deploy-bot]")), Wait);
        var row = section.Find("[data-testid=service-account-row][data-account=deploy-bot]");
        Assert.Contains("Deploy bot", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("sa:deploy-bot", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("Releases from CI", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("created by admin", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("No tokens.", row.TextContent, StringComparison.Ordinal);
        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=service-account-dialog]")), Wait);
    }

    [Theory]
    [InlineData("Deploy_Bot", "lowercase letters")]
    [InlineData("taken", "exists already")]
    public async Task CreateAccount_Refused_IsShownAtTheNameField_AndTheDialogStaysOpen(string name, string message)
    {
        await Get<ServiceAccountService>().CreateAsync(ActorOf(Admin), "taken", null, null);
        var (dialogs, section) = Render(Admin);

        await OpenCreateDialogAsync(dialogs, section);
        dialogs.Find("[data-testid=service-account-name]").Input(name);
        await dialogs.Find("[data-testid=service-account-create]").ClickAsync(new());

        dialogs.WaitForAssertion(() => Assert.Contains(message, Field(dialogs, "service-account-name"), StringComparison.Ordinal), Wait);
        Assert.Single(await Get<ServiceAccountService>().ListAsync(ActorOf(Admin)));
    }

    [Fact]
    public async Task CreateAccount_ClickedTwiceQuickly_CreatesOne()
    {
        var (dialogs, section) = Render(Admin);
        await OpenCreateDialogAsync(dialogs, section);
        dialogs.Find("[data-testid=service-account-name]").Input("deploy-bot");
        var create = dialogs.Find("[data-testid=service-account-create]");

        await create.ClickAsync(new());
        await ClickAgainAsync(create);

        section.WaitForAssertion(() => Assert.Single(section.FindAll("[data-testid=service-account-row]")), Wait);
        Assert.Single(await Get<ServiceAccountService>().ListAsync(ActorOf(Admin)));
        Assert.Empty(dialogs.FindAll("[data-testid=service-account-error]"));
    }

    [Fact]
    public async Task IssueToken_ShowsTheValueOnceInADialog_AndTheTokenActsAsTheAccountWithinItsScope()
    {
        await Get<ServiceAccountService>().CreateAsync(ActorOf(Admin), "deploy-bot", "Deploy bot", null);
        var (dialogs, section) = Render(Admin);

        var issuing = IssueTokenAsync(dialogs, section, "deploy-bot", "ci", environments: "staging", services: "payments-*, checkout");

        var value = "";
        dialogs.WaitForAssertion(() => value = dialogs.Find("[data-testid=token-value]").GetAttribute("value") ?? "", Wait);
        Assert.StartsWith(ApiTokenService.Prefix, value, StringComparison.Ordinal);
        Assert.Contains("you will not see it again", dialogs.Find("[data-testid=token-value-dialog]").TextContent, StringComparison.Ordinal);
        Assert.NotNull(dialogs.Find("[data-testid=token-value]").Closest(".mud-input-control")!.QuerySelector("button[aria-label='Copy token']"));
        var authenticated = await Get<ApiTokenService>().AuthenticateAsync(value, "127.0.0.1");
        Assert.NotNull(authenticated);
        Assert.Equal(("sa:deploy-bot", null), (authenticated.User.Id, authenticated.Scope.Role));
        Assert.Equal(["staging"], authenticated.Scope.Environments!);
        Assert.Equal(["payments-*", "checkout"], authenticated.Scope.Services!);

        await dialogs.Find("[data-testid=token-value-done]").ClickAsync(new());
        await issuing.WaitAsync(Wait);
        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=token-value-dialog]")), Wait);
        section.WaitForAssertion(() => Assert.Single(section.FindAll("[data-account=deploy-bot] [data-testid=token-row]")), Wait);
        var row = section.Find("[data-account=deploy-bot] [data-testid=token-row]");
        Assert.Contains("environments staging; services payments-*, checkout", row.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(value, section.Markup + dialogs.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IssueToken_ClickedTwiceQuickly_IssuesOne()
    {
        await Get<ServiceAccountService>().CreateAsync(ActorOf(Admin), "deploy-bot", null, null);
        var (dialogs, section) = Render(Admin);
        _ = OpenIssueDialogAsync(dialogs, section, "deploy-bot");
        dialogs.Find("[data-testid=token-name]").Input("ci");
        var issue = dialogs.Find("[data-testid=token-create]");

        await issue.ClickAsync(new());
        await ClickAgainAsync(issue);
        dialogs.WaitForAssertion(() => dialogs.Find("[data-testid=token-value-dialog]"), Wait);
        await dialogs.Find("[data-testid=token-value-done]").ClickAsync(new());

        var account = Assert.Single(await Get<ServiceAccountService>().ListAsync(ActorOf(Admin)));
        Assert.Single(account.Tokens);
    }

    [Fact]
    public async Task IssueToken_BadPattern_IsShownAtTheField_AndIssuesNothing()
    {
        await Get<ServiceAccountService>().CreateAsync(ActorOf(Admin), "deploy-bot", null, null);
        var (dialogs, section) = Render(Admin);
        _ = OpenIssueDialogAsync(dialogs, section, "deploy-bot");
        dialogs.Find("[data-testid=token-name]").Input("ci");
        dialogs.Find("[data-testid=token-services]").Input("pay\u0007ments");

        await dialogs.Find("[data-testid=token-create]").ClickAsync(new());

        dialogs.WaitForAssertion(() => Assert.Contains("services[0]", Field(dialogs, "token-services"), StringComparison.Ordinal), Wait);
        Assert.Empty(dialogs.FindAll("[data-testid=token-value-dialog]"));
        Assert.Empty(Assert.Single(await Get<ServiceAccountService>().ListAsync(ActorOf(Admin))).Tokens);
    }

    [Fact]
    public async Task RevokeToken_AfterConfirming_StopsIt_AndLeavesTheOther()
    {
        var accounts = Get<ServiceAccountService>();
        await accounts.CreateAsync(ActorOf(Admin), "deploy-bot", null, null);
        var revoked = await accounts.CreateTokenAsync(ActorOf(Admin), "deploy-bot", "one", TimeSpan.FromDays(1), ApiTokenScope.Unrestricted);
        var kept = await accounts.CreateTokenAsync(ActorOf(Admin), "deploy-bot", "two", TimeSpan.FromDays(1), ApiTokenScope.Unrestricted);
        await Get<ApiTokenService>().AuthenticateAsync(kept.Value, "192.0.2.7");
        var (dialogs, section) = Render(Admin);
        section.WaitForAssertion(() => Assert.Equal(2, section.FindAll("[data-testid=token-row]").Count), Wait);
        Assert.Contains("from 192.0.2.7", section.Find($"[data-token='{kept.Token.Id}'] [data-testid=token-last-used]").TextContent, StringComparison.Ordinal);
        Assert.Equal("never", section.Find($"[data-token='{revoked.Token.Id}'] [data-testid=token-last-used]").TextContent.Trim());

        var revoking = section.Find($"[data-token='{revoked.Token.Id}'] [data-testid=token-revoke]").ClickAsync(new());
        await ConfirmAsync(dialogs, "Revoke");
        await revoking.WaitAsync(Wait);

        section.WaitForAssertion(() => Assert.Equal("false", section.Find($"[data-token='{revoked.Token.Id}']").GetAttribute("data-live")), Wait);
        Assert.Null(await Get<ApiTokenService>().AuthenticateAsync(revoked.Value, null));
        Assert.NotNull(await Get<ApiTokenService>().AuthenticateAsync(kept.Value, null));
        Assert.Contains("revoked", section.Find($"[data-token='{revoked.Token.Id}'] [data-testid=token-expiry]").TextContent, StringComparison.Ordinal);
        Assert.Empty(section.FindAll($"[data-token='{revoked.Token.Id}'] [data-testid=token-revoke]"));
    }

    [Fact]
    public async Task DisableAccount_AsksSayingItsTokensStop_ThenRevokesThem()
    {
        var accounts = Get<ServiceAccountService>();
        await accounts.CreateAsync(ActorOf(Admin), "deploy-bot", null, null);
        var token = await accounts.CreateTokenAsync(ActorOf(Admin), "deploy-bot", "one", TimeSpan.FromDays(1), ApiTokenScope.Unrestricted);
        var (dialogs, section) = Render(Admin);
        section.WaitForAssertion(() => section.Find("[data-testid=service-account-disable]"), Wait);

        var disabling = section.Find("[data-testid=service-account-disable]").ClickAsync(new());
        dialogs.WaitForAssertion(() => Assert.Contains("tokens (1 live) are revoked and stop working", dialogs.Markup, StringComparison.Ordinal), Wait);
        await ConfirmAsync(dialogs, "Disable");
        await disabling.WaitAsync(Wait);

        section.WaitForAssertion(() => section.Find("[data-testid=service-account-disabled]"), Wait);
        Assert.Null(await Get<ApiTokenService>().AuthenticateAsync(token.Value, null));
        Assert.True(Assert.Single(await accounts.ListAsync(ActorOf(Admin))).Disabled);
        var issue = section.Find("[data-testid=service-account-issue]");
        Assert.True(issue.HasAttribute("disabled"));
        Assert.Contains("gets no new tokens", issue.GetAttribute("aria-label"), StringComparison.Ordinal);
        Assert.Empty(section.FindAll("[data-testid=service-account-disable]"));
    }

    [Fact]
    public async Task Cancelled_Confirmations_ChangeNothing()
    {
        var accounts = Get<ServiceAccountService>();
        await accounts.CreateAsync(ActorOf(Admin), "deploy-bot", null, null);
        var token = await accounts.CreateTokenAsync(ActorOf(Admin), "deploy-bot", "one", TimeSpan.FromDays(1), ApiTokenScope.Unrestricted);
        var (dialogs, section) = Render(Admin);
        section.WaitForAssertion(() => section.Find("[data-testid=token-revoke]"), Wait);

        var revoking = section.Find("[data-testid=token-revoke]").ClickAsync(new());
        await ConfirmAsync(dialogs, "Cancel");
        await revoking.WaitAsync(Wait);
        var disabling = section.Find("[data-testid=service-account-disable]").ClickAsync(new());
        await ConfirmAsync(dialogs, "Cancel");
        await disabling.WaitAsync(Wait);

        Assert.NotNull(await Get<ApiTokenService>().AuthenticateAsync(token.Value, null));
        Assert.False(Assert.Single(await accounts.ListAsync(ActorOf(Admin))).Disabled);
    }

    [Fact]
    public async Task NotAnAdmin_SeesWhyAndTheButtonIsDisabled_AndNoAccountIsListed()
    {
        await Get<ServiceAccountService>().CreateAsync(ActorOf(Admin), "deploy-bot", null, null);
        var dana = new PortalUser("dana", "Dana", null, ["payments"], LocalAccountService.Method);

        var (_, section) = Render(dana);

        var button = section.Find("[data-testid=service-account-new]");
        Assert.True(button.HasAttribute("disabled"));
        Assert.Contains("may not manage access", button.GetAttribute("aria-label"), StringComparison.Ordinal);
        Assert.Contains("may not manage access", section.Find("[data-testid=service-accounts-refused]").TextContent, StringComparison.Ordinal);
        Assert.Empty(section.FindAll("[data-testid=service-account-row]"));
    }

    private (IRenderedComponent<MudDialogProvider> Dialogs, IRenderedComponent<ServiceAccountsSection> Section) Render(PortalUser user)
    {
        Get<CurrentActor>().SetCircuitUser(new ClaimsPrincipal(PortalClaims.Identity(user.Method, user)));
        Context.Render<MudPopoverProvider>();
        var dialogs = Context.Render<MudDialogProvider>();
        var section = Context.Render<ServiceAccountsSection>();
        section.WaitForAssertion(() => section.Find("[data-testid=service-account-new]"), Wait);
        return (dialogs, section);
    }

    private static AuditActor ActorOf(PortalUser user) =>
        new(user.Id, user.Name, user.Method, null) { Principal = new ClaimsPrincipal(PortalClaims.Identity(user.Method, user)) };

    private static async Task OpenCreateDialogAsync(IRenderedComponent<MudDialogProvider> dialogs, IRenderedComponent<ServiceAccountsSection> section)
    {
        // Creating finishes once the dialog closes: not awaited here.
        _ = section.Find("[data-testid=service-account-new]").ClickAsync(new());
        dialogs.WaitForAssertion(() => dialogs.Find("[data-testid=service-account-name]"), Wait);
        await Task.CompletedTask;
    }

    private static async Task CreateAccountAsync(
        IRenderedComponent<MudDialogProvider> dialogs, IRenderedComponent<ServiceAccountsSection> section, string name, string displayName, string description)
    {
        await OpenCreateDialogAsync(dialogs, section);
        dialogs.Find("[data-testid=service-account-name]").Input(name);
        dialogs.Find("[data-testid=service-account-display-name]").Input(displayName);
        dialogs.Find("[data-testid=service-account-description]").Input(description);
        await dialogs.Find("[data-testid=service-account-create]").ClickAsync(new());
    }

    private static Task OpenIssueDialogAsync(IRenderedComponent<MudDialogProvider> dialogs, IRenderedComponent<ServiceAccountsSection> section, string account)
    {
        section.WaitForAssertion(() => section.Find($"[data-account={account}] [data-testid=service-account-issue]"), Wait);
        var issuing = section.Find($"[data-account={account}] [data-testid=service-account-issue]").ClickAsync(new());
        dialogs.WaitForAssertion(() => dialogs.Find("[data-testid=token-name]"), Wait);
        return issuing;
    }

    /// <summary>Fills the issue dialog and clicks Issue; the returned task ends once the value dialog is closed.</summary>
    private static Task IssueTokenAsync(
        IRenderedComponent<MudDialogProvider> dialogs, IRenderedComponent<ServiceAccountsSection> section, string account, string name, string environments, string services)
    {
        var issuing = OpenIssueDialogAsync(dialogs, section, account);
        dialogs.Find("[data-testid=token-name]").Input(name);
        dialogs.Find("[data-testid=token-environments]").Input(environments);
        dialogs.Find("[data-testid=token-services]").Input(services);
        _ = dialogs.Find("[data-testid=token-create]").ClickAsync(new());
        return issuing;
    }

    /// <summary>
    /// The second click of a double click, on the button as it was rendered: it reaches the server after the first,
    /// when the button is disabled or already gone with its dialog (then there is nothing to click, as in a browser).
    /// </summary>
    private static async Task ClickAgainAsync(IElement button)
    {
        try
        {
            await button.ClickAsync(new());
        }
        catch (ElementRemovedFromDomException)
        {
        }
    }

    /// <summary>The text around an input (its label, helper or error), where a field's refusal shows.</summary>
    private static string Field(IRenderedComponent<MudDialogProvider> dialogs, string testId) =>
        dialogs.Find($"[data-testid={testId}]").Closest(".mud-input-control")!.TextContent;

    /// <summary>Clicks the message box's button of that text once it shows.</summary>
    private static async Task ConfirmAsync(IRenderedComponent<MudDialogProvider> dialogs, string button)
    {
        IElement? found = null;
        dialogs.WaitForAssertion(() => found = dialogs.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == button), Wait);
        await found!.ClickAsync(new());
    }
}
