using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MudBlazor;
using PortalRelease.Portal.Identity.Tokens;

namespace PortalRelease.Portal.Components.Dialogs;

/// <summary>Shows an API token just issued, once, with a copy button; closing it is the last time its value exists here.</summary>
public partial class TokenValueDialog
{
    [CascadingParameter]
    private IMudDialogInstance? MudDialog { get; set; }

    [Parameter, EditorRequired]
    public required CreatedApiToken Token { get; set; }

    /// <summary>Whom the token acts as, in the reader's words ("you", "Deploy bot").</summary>
    [Parameter, EditorRequired]
    public required string Owner { get; set; }

    [Inject]
    public required IJSRuntime Js { get; init; }

    [Inject]
    public required ISnackbar Snackbar { get; init; }

    /// <summary>Shows the value and returns once the reader closed the dialog; only Done closes it, so a stray click loses nothing.</summary>
    public static async Task ShowAsync(IDialogService dialogs, CreatedApiToken token, string owner)
    {
        var parameters = new DialogParameters<TokenValueDialog> { { d => d.Token, token }, { d => d.Owner, owner } };
        var dialog = await dialogs.ShowAsync<TokenValueDialog>(
            "New API token", parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, BackdropClick = false, CloseOnEscapeKey = false });
        await dialog.Result;
    }

    private async Task CopyAsync()
    {
        await Js.InvokeVoidAsync("navigator.clipboard.writeText", Token.Value);
        Snackbar.Add("Copied.", Severity.Info);
    }

    private void Done() => MudDialog?.Close(DialogResult.Ok(true));
}
