using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;

namespace PortalRelease.Portal.Components.Dialogs;

/// <summary>Shows a password the portal just made for a user, once, with a copy button.</summary>
public partial class OneTimePasswordDialog
{
    [CascadingParameter]
    private IMudDialogInstance? MudDialog { get; set; }

    [Parameter, EditorRequired]
    public required string UserName { get; set; }

    [Parameter, EditorRequired]
    public required string Password { get; set; }

    [Inject]
    public required IJSRuntime Js { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    private async Task CopyAsync()
    {
        await Js.InvokeVoidAsync("navigator.clipboard.writeText", Password);
        Snackbar.Add("Copied.", Severity.Info);
    }

    private void Done() => MudDialog?.Close(DialogResult.Ok(true));
}
