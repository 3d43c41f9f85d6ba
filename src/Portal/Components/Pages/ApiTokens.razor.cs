using Microsoft.AspNetCore.Components;
using MudBlazor;
using PortalRelease.Portal.Api;
using PortalRelease.Portal.Components.Dialogs;
using PortalRelease.Portal.Components.Model;
using PortalRelease.Portal.Identity;
using PortalRelease.Portal.Identity.Tokens;

namespace PortalRelease.Portal.Components.Pages;

/// <summary>The signed-in user's API tokens: create one (its value shown once), see when each was last used, revoke.</summary>
public partial class ApiTokens
{
    private IReadOnlyList<ApiTokenInfo> _tokens = [];
    private bool _busy;

    [Inject]
    public required ApiTokenService Tokens { get; init; }

    [Inject]
    public required CurrentActor Actor { get; init; }

    [Inject]
    public required RequestAuditActor Auditor { get; init; }

    [Inject]
    public required TimeProvider Time { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    protected override async Task OnInitializedAsync() => _tokens = await Tokens.ListAsync(Actor.User);

    private Task<CreatedApiToken> IssueAsync(ApiTokenRequest request) =>
        Tokens.CreateAsync(Actor.User, request.Name, request.Lifetime, request.Scope, Auditor.Current.Address);

    private async Task IssuedAsync(CreatedApiToken created)
    {
        _tokens = await Tokens.ListAsync(Actor.User);
        await TokenValueDialog.ShowAsync(Dialogs, created, "you");
    }

    private async Task RevokeAsync(ApiTokenInfo token)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(
            "Revoke API token", $"Revoke '{token.Name}' ({token.Id})? Every pipeline using it is refused from now on.", yesText: "Revoke", cancelText: "Cancel");
        if (confirmed != true || _busy)
        {
            return;
        }
        _busy = true;
        try
        {
            await Tokens.RevokeAsync(Actor.User, token.Id, Auditor.Current.Address);
            _tokens = await Tokens.ListAsync(Actor.User);
            Snackbar.Add($"Revoked '{token.Name}'.", Severity.Success);
        }
        finally
        {
            _busy = false;
        }
    }
}
