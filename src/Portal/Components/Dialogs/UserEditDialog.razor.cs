using Microsoft.AspNetCore.Components;
using MudBlazor;
using PortalRelease.Portal.Components.Model;
using PortalRelease.Portal.Identity.Local;

namespace PortalRelease.Portal.Components.Dialogs;

/// <summary>Edits a built-in account's display name and groups; returns the <see cref="LocalUserChange"/> to make.</summary>
public partial class UserEditDialog
{
    private string? _displayName;
    private string? _groups;

    [CascadingParameter]
    private IMudDialogInstance? MudDialog { get; set; }

    [Parameter, EditorRequired]
    public required LocalUserInfo User { get; set; }

    [Parameter]
    public bool IsSelf { get; set; }

    private string UserId => User.Id;

    protected override void OnInitialized()
    {
        _displayName = User.DisplayName;
        _groups = string.Join(", ", User.Groups);
    }

    private void Cancel() => MudDialog?.Cancel();

    private void Save() => MudDialog?.Close(DialogResult.Ok(new LocalUserChange(_displayName ?? "", GroupList.Split(_groups))));
}
