using Microsoft.AspNetCore.Components;
using MudBlazor;
using PortalRelease.Portal.Api;
using PortalRelease.Portal.Components.Dialogs;
using PortalRelease.Portal.Identity.Access;
using PortalRelease.Portal.Identity.ServiceAccounts;
using PortalRelease.Portal.Identity.Tokens;

namespace PortalRelease.Portal.Components.Controls;

/// <summary>
/// The Access page's Service accounts section: accounts and their tokens listed; an account created (a dialog), a token
/// issued (its value shown once), revoked, an account disabled after a confirmation — all through
/// <see cref="ServiceAccountService"/>, the API's choke point, which checks again. For a reader who may not manage
/// access the buttons are disabled with the service's own reason.
/// </summary>
public partial class ServiceAccountsSection
{
    private IReadOnlyList<ServiceAccountInfo> _accounts = [];
    private string? _refusal;
    private bool _busy;

    [Inject]
    public required ServiceAccountService Accounts { get; init; }

    [Inject]
    public required AccessGuard Guard { get; init; }

    [Inject]
    public required RequestAuditActor Auditor { get; init; }

    [Inject]
    public required TimeProvider Time { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    protected override async Task OnInitializedAsync()
    {
        var decision = await Guard.CheckAsync(Auditor.Current, AccessPermission.ManageAccess, AccessScope.Global);
        _refusal = decision.Allowed ? null : $"Only admins manage service accounts: {decision.Reason}";
        if (decision.Allowed)
        {
            await LoadAsync();
        }
    }

    private async Task LoadAsync() => _accounts = await Accounts.ListAsync(Auditor.Current);

    private static string? IssueRefusal(ServiceAccountInfo account) =>
        account.Disabled ? $"{account.Name} is disabled; a disabled account gets no new tokens." : null;

    private async Task CreateAsync()
    {
        if (_busy)
        {
            return;
        }
        var dialog = await Dialogs.ShowAsync<ServiceAccountDialog>(
            "New service account", new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, BackdropClick = false });
        if (await dialog.Result is { Canceled: false, Data: ServiceAccountInfo created })
        {
            Snackbar.Add($"Created {created.Id}. Grant it a role above (user {created.Id}) and issue it a token.", Severity.Success);
            await RunAsync(() => Task.FromResult(true));
        }
    }

    private async Task IssueAsync(ServiceAccountInfo account)
    {
        if (_busy)
        {
            return;
        }
        var parameters = new DialogParameters<ServiceAccountTokenDialog> { { d => d.Account, account } };
        var dialog = await Dialogs.ShowAsync<ServiceAccountTokenDialog>(
            $"New token for {account.Name}", parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, BackdropClick = false });
        if (await dialog.Result is { Canceled: false, Data: CreatedApiToken created })
        {
            await RunAsync(() => Task.FromResult(true));
            await TokenValueDialog.ShowAsync(Dialogs, created, account.DisplayName);
        }
    }

    private async Task RevokeAsync(ServiceAccountInfo account, ApiTokenInfo token)
    {
        if (_busy || await Dialogs.ShowMessageBoxAsync(
                "Revoke API token", $"Revoke '{token.Name}' ({token.Id}) of {account.Name}? Every pipeline using it is refused from now on.",
                yesText: "Revoke", cancelText: "Cancel") != true)
        {
            return;
        }
        if (await RunAsync(() => Accounts.RevokeTokenAsync(Auditor.Current, account.Name, token.Id)))
        {
            Snackbar.Add($"Revoked '{token.Name}' of {account.Name}.", Severity.Success);
        }
    }

    private async Task DisableAsync(ServiceAccountInfo account)
    {
        var live = account.Tokens.Count(t => t.RevokedAt is null && t.ExpiresAt > Time.GetUtcNow());
        if (_busy || await Dialogs.ShowMessageBoxAsync(
                "Disable service account",
                $"Disable {account.Name}? Its tokens ({live} live) are revoked and stop working at once, and CI identities mapped to it are refused. "
                + "It cannot be enabled again, and its name stays taken.",
                yesText: "Disable", cancelText: "Cancel") != true)
        {
            return;
        }
        if (await RunAsync(() => Accounts.DisableAsync(Auditor.Current, account.Name)))
        {
            Snackbar.Add($"Disabled {account.Name}; its tokens are revoked.", Severity.Success);
        }
    }

    /// <summary>Runs one change and reloads; a refusal goes to a snackbar. False when it was refused or found nothing.</summary>
    private async Task<bool> RunAsync(Func<Task<bool>> change)
    {
        _busy = true;
        try
        {
            var done = await change();
            await LoadAsync();
            return done;
        }
        catch (Exception refused) when (refused is ServiceAccountException or AccessDeniedException)
        {
            Snackbar.Add(refused.Message, Severity.Error);
            return false;
        }
        finally
        {
            _busy = false;
        }
    }
}
