using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using MudBlazor;
using PortalRelease.Portal.Api;
using PortalRelease.Portal.Components.Dialogs;
using PortalRelease.Portal.Components.Model;
using PortalRelease.Portal.Identity;
using PortalRelease.Portal.Identity.Access;
using PortalRelease.Portal.Identity.Local;
using PortalRelease.Portal.Releases;

namespace PortalRelease.Portal.Components.Controls;

/// <summary>
/// The Access page's Users section for admins: built-in accounts listed, added (the one-time password shown once in a
/// dialog), edited, disabled or enabled, unlocked, their password reset — through <see cref="LocalUserService"/>, which
/// checks again; the buttons it would refuse are disabled with the reason.
/// </summary>
public partial class LocalUsers
{
    private IReadOnlyList<LocalUserInfo> _users = [];
    private UiCommand? _command;
    private string? _message;
    private RequestErrors _errors = new();
    private string? _userName;
    private string? _displayName;
    private string? _groups;

    [Inject]
    public required LocalUserService Users { get; init; }

    [Inject]
    public required RequestAuditActor Auditor { get; init; }

    [Inject]
    public required IOptions<AuthOptions> Auth { get; init; }

    [Inject]
    public required TimeProvider Time { get; init; }

    [Inject]
    public required IDialogService Dialogs { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    private UiCommand Command => _command ??= new UiCommand(Dialogs, Snackbar);

    private bool IsLocal => Auth.Value.Mode == AuthMode.Local;

    private string RevalidationText => Auth.Value.RevalidationInterval is { TotalSeconds: >= 120 } interval
        ? $"{interval.TotalMinutes:0} minutes"
        : $"{Auth.Value.RevalidationInterval.TotalSeconds:0} seconds";

    private string? GroupsError =>
        _errors.FirstOrDefault(e => e.Key == "groups" || e.Key.StartsWith("groups.", StringComparison.Ordinal)) is { Key: not null } found ? found.Value[0] : null;

    protected override async Task OnInitializedAsync()
    {
        if (IsLocal)
        {
            await LoadAsync();
        }
    }

    private async Task LoadAsync() => _users = await Users.ListAsync(Auditor.Current);

    private bool IsSelf(LocalUserInfo user) => user.Id == Auditor.Current.Id;

    /// <summary>Why the service would refuse to disable this account, as far as the page can tell; null when it may.</summary>
    private string? DisableRefusal(LocalUserInfo user) =>
        IsSelf(user) ? "You cannot disable your own account."
        : user.Groups.Contains(InitialAdmin.Group) && !_users.Any(u => u.Id != user.Id && !u.Disabled && u.Groups.Contains(InitialAdmin.Group))
            ? $"The last enabled member of {InitialAdmin.Group}: make someone else an admin first."
        : null;

    private string? Error(string field) => _errors.TryGetValue(field, out var messages) ? messages[0] : null;

    private async Task AddAsync()
    {
        var created = await RunAsync(
            () =>
            {
                _message = null;
                return Users.CreateAsync(Auditor.Current, new NewLocalUser(_userName, _displayName, GroupList.Split(_groups)));
            },
            inline: true);
        if (created is not null)
        {
            _userName = _displayName = _groups = null;
            await ShowPasswordAsync(created);
        }
    }

    private async Task EditAsync(LocalUserInfo user)
    {
        var parameters = new DialogParameters<UserEditDialog> { { d => d.User, user }, { d => d.IsSelf, IsSelf(user) } };
        var dialog = await Dialogs.ShowAsync<UserEditDialog>($"Edit {user.Id}", parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false, Data: LocalUserChange change }
            && await RunAsync(() => Users.UpdateAsync(Auditor.Current, user.Id, change)) is not null)
        {
            Snackbar.Add($"Saved {user.Id}.", Severity.Success);
        }
    }

    private async Task SetDisabledAsync(LocalUserInfo user, bool disabled)
    {
        var question = disabled
            ? $"Disable {user.Id}? They are signed out at once (open pages within {RevalidationText}), cannot sign in, and their API tokens stop working."
            : $"Enable {user.Id}? They can sign in again with their password.";
        var confirm = new Confirmation(disabled ? "Disable user" : "Enable user", question, disabled ? "Disable" : "Enable");
        if (await RunAsync(() => Users.SetDisabledAsync(Auditor.Current, user.Id, disabled), confirm: confirm) is not null)
        {
            Snackbar.Add($"{(disabled ? "Disabled" : "Enabled")} {user.Id}.", Severity.Success);
        }
    }

    private async Task UnlockAsync(LocalUserInfo user)
    {
        if (await RunAsync(() => Users.UnlockAsync(Auditor.Current, user.Id)) is not null)
        {
            Snackbar.Add($"Unlocked {user.Id}.", Severity.Success);
        }
    }

    private async Task ResetAsync(LocalUserInfo user)
    {
        var confirm = new Confirmation(
            "Reset password", $"Make a new one-time password for {user.Id}? Their current password stops working and they are signed out.", "Reset");
        if (await RunAsync(() => Users.ResetPasswordAsync(Auditor.Current, user.Id), confirm: confirm) is { } reset)
        {
            await ShowPasswordAsync(reset);
        }
    }

    private async Task ShowPasswordAsync(LocalUserPassword made)
    {
        var parameters = new DialogParameters<OneTimePasswordDialog> { { d => d.UserName, made.User.Id }, { d => d.Password, made.Password } };
        var dialog = await Dialogs.ShowAsync<OneTimePasswordDialog>(
            "One-time password", parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, BackdropClick = false, CloseOnEscapeKey = false });
        await dialog.Result;
    }

    /// <summary>Runs one change and reloads; a refusal goes under the form (<paramref name="inline"/>) or to a snackbar.</summary>
    private Task<T?> RunAsync<T>(Func<Task<T>> change, bool inline = false, Confirmation? confirm = null) where T : class =>
        Command.RunAsync(
            async () =>
            {
                var result = await change();
                _errors = new RequestErrors();
                await LoadAsync();
                return result;
            },
            confirm,
            inline ? RefuseInline : null);

    /// <summary>A refusal of the add form, under it: per field when the input was bad, else the service's words.</summary>
    private void RefuseInline(Exception refusal)
    {
        if (refusal is LocalUserException refused)
        {
            _errors = refused.Errors;
            _message = refused.Error == LocalUserError.Invalid ? null : refused.Message;
        }
        else
        {
            _message = refusal.Message;
        }
    }
}
